// The pure parts of the BackupSchedule controller (validation TTL, API-group rules, phase) and the
// hub identity of decision 1 against a real embedded hub.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KubeClient, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { ocmCrds } from '../../src/api/ocm/index.js';
import type { Schedule } from '../../src/api/velero/index.js';
import { findLocalClusterName, hubIdentity, localClusterNameOrDefault } from '../../src/backup/hub-identity.js';
import { buildSchedules, initialBackupFor, phaseFromSchedules, validationTtl, validateSpec } from '../../src/backup/schedule/index.js';
import { ACTIVATION_RESOURCES, shouldBackupApiGroup, type SelectionInputs } from '../../src/backup/selection/index.js';
import type { BackupSchedule } from '../../src/api/backup/index.js';
import { msaTokenValidity } from '../../src/backup/msa/index.js';
import { specDriftPatches } from '../../src/backup/schedule/drift.js';
import { startHub, waitFor, type TestHub } from '../support/index.js';
import { NAMESPACES as NAMESPACES_REF, CUSTOM_RESOURCE_DEFINITIONS as CRDS } from '../../src/kube/index.js';

const CLUSTER_VERSIONS: ResourceRef = { group: 'config.openshift.io', version: 'v1', plural: 'clusterversions', namespaced: false, kind: 'ClusterVersion' };
const MANAGED_CLUSTERS: ResourceRef = {
  group: 'cluster.open-cluster-management.io',
  version: 'v1',
  plural: 'managedclusters',
  namespaced: false,
  kind: 'ManagedCluster',
};

const at = (iso: string): number => Date.parse(iso);
const withPhase = (phase: string | undefined): Schedule => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name: 'x' },
  ...(phase === undefined ? {} : { status: { phase: phase as 'New' } }),
});
const bsch = (spec: Partial<BackupSchedule['spec']>): BackupSchedule => ({
  apiVersion: 'cluster.open-cluster-management.io/v1beta1',
  kind: 'BackupSchedule',
  metadata: { name: 'b' },
  spec: { veleroSchedule: '0 */2 * * *', ...spec },
});

describe('validation schedule TTL (§2.3.1)', () => {
  it('is one cron interval plus five minutes, 1h when the cron does not parse', () => {
    const now = at('2026-05-01T10:17:00Z');
    assert.equal(validationTtl('0 */1 * * *', now), '1h5m0s');
    assert.equal(validationTtl('0 */6 * * *', now), '6h5m0s');
    assert.equal(validationTtl('0 2 * * *', now), '24h5m0s');
    assert.equal(validationTtl('*/10 * * * *', now), '15m0s');
    assert.equal(validationTtl('0 */2 * * *', now), '2h5m0s');
    assert.equal(validationTtl('WRONG', now), '1h0m0s');
  });
});

describe('API groups that are backed up (§2.4.1)', () => {
  it('follows the exclusion list, the inclusion list and the suffix rule', () => {
    for (const g of [
      'cluster.open-cluster-management.io',
      'fleet.open-cluster-management.io',
      'extensions.hive.openshift.io',
      'argoproj.io',
      'app.k8s.io',
      'core.observatorium.io',
      'agent-install.openshift.io',
    ]) {
      assert.ok(shouldBackupApiGroup(g), g);
    }
    for (const g of [
      'hive.openshift.io',
      'hiveinternal.openshift.io',
      'work.open-cluster-management.io',
      'operator.open-cluster-management.io',
      'internal.open-cluster-management.io',
      'search.open-cluster-management.io',
      'velero.io',
      'admission.hive.openshift.io',
      'view.open-cluster-management.io',
      'example.com',
    ]) {
      assert.ok(!shouldBackupApiGroup(g), g);
    }
  });
});

describe('phase from the velero schedules (§2.7)', () => {
  it('takes the first schedule that is not enabled', () => {
    assert.deepEqual(phaseFromSchedules([]), { phase: 'New', message: 'Velero schedules are initialized' });
    assert.equal(phaseFromSchedules([withPhase('Enabled'), withPhase(undefined), withPhase('FailedValidation')]).phase, 'Unknown');
    assert.deepEqual(phaseFromSchedules([withPhase('Enabled'), withPhase('FailedValidation'), withPhase(undefined)]), {
      phase: 'FailedValidation',
      message: 'Velero schedules initialization failed',
    });
    assert.equal(phaseFromSchedules([withPhase('New'), withPhase('Enabled')]).phase, 'New');
    assert.deepEqual(phaseFromSchedules([withPhase('Enabled'), withPhase('Enabled')]), { phase: 'Enabled', message: 'Velero schedules are enabled' });
  });
});

describe('spec validation (§2.2 step 8)', () => {
  it('reports the cron first, then the TTL', () => {
    assert.equal(validateSpec(bsch({ veleroSchedule: '' })), 'Schedule must be a non-empty valid Cron expression');
    assert.equal(validateSpec(bsch({ veleroSchedule: 'WRONG', veleroTtl: 'bad' })), 'invalid schedule: expected exactly 5 fields, found 1: [WRONG]');
    assert.equal(validateSpec(bsch({ veleroTtl: '5d' })), 'invalid veleroTtl: time: unknown unit "d" in duration "5d"');
    assert.equal(validateSpec(bsch({ veleroSchedule: 'CRON_TZ=Europe/Paris 0 3 * * *', veleroTtl: '120h' })), undefined);
    assert.equal(validateSpec(bsch({ veleroSchedule: '@every 1h' })), undefined);
  });
});

describe('creation-only options of the velero Schedules (§1.1, §2.3, §2.5)', () => {
  const inputs: SelectionInputs = {
    resources: { activation: [...ACTIVATION_RESOURCES], backup: [] },
    localClusterName: 'local-cluster',
    backupNamespace: 'ns',
    mchNamespaces: ['mch'],
  };
  const now = at('2026-05-01T10:17:00Z');

  it('copies volumeSnapshotLocations, useOwnerReferencesInBackup and skipImmediately only when set', () => {
    const plain = buildSchedules({ ...bsch({}), metadata: { name: 'b', namespace: 'ns', uid: 'u1' } }, inputs, 'hub-1', now);
    for (const s of plain) {
      assert.equal(s.spec?.useOwnerReferencesInBackup, undefined);
      assert.equal(s.spec?.skipImmediately, undefined);
      assert.equal(s.spec?.template.volumeSnapshotLocations, undefined);
    }
    assert.equal(plain[0].spec?.template.ttl, undefined, 'no veleroTtl, no TTL');
    assert.deepEqual(plain.find((s) => s.metadata.name === 'acm-resources-schedule')?.spec?.template.excludedNamespaces, ['local-cluster', 'ns', 'mch']);

    const full = buildSchedules(
      {
        ...bsch({ volumeSnapshotLocations: ['vsl-1'], useOwnerReferencesInBackup: true, skipImmediately: true, veleroTtl: '90m' }),
        metadata: { name: 'b', namespace: 'ns', uid: 'u1' },
      },
      inputs,
      'hub-1',
      now,
    );
    for (const s of full) {
      assert.equal(s.spec?.useOwnerReferencesInBackup, true);
      assert.equal(s.spec?.skipImmediately, true);
      assert.deepEqual(s.spec?.template.volumeSnapshotLocations, ['vsl-1']);
      assert.equal(s.spec?.template.ttl, s.metadata.name === 'acm-validation-policy-schedule' ? '2h5m0s' : '1h30m0s');
    }
  });

  it('names initial backups <schedule>-<timestamp> with the schedule labels, owned by the schedule when asked', () => {
    const [credentials] = buildSchedules(
      { ...bsch({ useOwnerReferencesInBackup: true }), metadata: { name: 'b', namespace: 'ns', uid: 'u1' } },
      inputs,
      'hub-1',
      now,
    );
    credentials.metadata.uid = 's1';
    const backup = initialBackupFor(credentials, '20260501101700');
    assert.equal(backup.metadata.name, 'acm-credentials-schedule-20260501101700');
    assert.deepEqual(backup.metadata.labels, { ...credentials.metadata.labels, 'velero.io/schedule-name': 'acm-credentials-schedule' });
    assert.deepEqual(backup.spec, credentials.spec?.template);
    assert.deepEqual(backup.metadata.ownerReferences, [
      { apiVersion: 'velero.io/v1', kind: 'Schedule', name: 'acm-credentials-schedule', uid: 's1', controller: true },
    ]);
  });
});

describe('veleroTtl and managedServiceAccountTTL, read into one value (§1.1, §2.3, §2.6, §5.1.2)', () => {
  const inputs: SelectionInputs = {
    resources: { activation: [...ACTIVATION_RESOURCES], backup: [] },
    localClusterName: 'local-cluster',
    backupNamespace: 'ns',
    mchNamespaces: [],
  };
  const now = at('2026-05-01T10:17:00Z');
  const build = (spec: Partial<BackupSchedule['spec']>): Schedule[] =>
    buildSchedules({ ...bsch(spec), metadata: { name: 'b', namespace: 'ns', uid: 'u1' } }, inputs, 'hub-1', now);
  const backupTtls = (schedules: Schedule[]): Array<string | undefined> =>
    schedules.filter((s) => s.metadata.name !== 'acm-validation-policy-schedule').map((s) => s.spec?.template.ttl);
  const ttlPatches = (spec: Partial<BackupSchedule['spec']>, schedules: Schedule[]): unknown[] =>
    [...specDriftPatches(bsch(spec), schedules, now).values()].map((p) => (p as { spec: { template?: { ttl?: string } } }).spec.template?.ttl);

  it('absent, empty and every zero mean unset everywhere: no TTL, no drift, the default token validity', () => {
    const unsetSchedules = build({});
    for (const veleroTtl of [undefined, '', '0', '0s', '-0', '0h0m0.0s']) {
      assert.equal(validateSpec(bsch({ veleroTtl })), undefined, String(veleroTtl));
      assert.deepEqual(backupTtls(build({ veleroTtl })), [undefined, undefined, undefined, undefined], String(veleroTtl));
      assert.deepEqual(specDriftPatches(bsch({ veleroTtl }), unsetSchedules, now).size, 0, String(veleroTtl));
      assert.equal(msaTokenValidity({ veleroTtl, managedServiceAccountTTL: veleroTtl }), '1440h0m0s', String(veleroTtl));
    }
    // Velero's own zero on a schedule is the same as none.
    const zeroed = unsetSchedules.map((s) => ({ ...s, spec: { ...s.spec!, template: { ...s.spec!.template, ttl: '0s' } } }));
    assert.equal(specDriftPatches(bsch({}), zeroed, now).size, 0);
  });

  it('a set value is written as Go prints it, drifts by its value, and doubles into the token validity', () => {
    assert.deepEqual(backupTtls(build({ veleroTtl: '90m' })), ['1h30m0s', '1h30m0s', '1h30m0s', '1h30m0s']);
    assert.equal(msaTokenValidity({ veleroTtl: '90m' }), '3h0m0s');
    const at90m = build({ veleroTtl: '90m' });
    assert.equal(specDriftPatches(bsch({ veleroTtl: '1h30m' }), at90m, now).size, 0, 'the same duration written differently');
    assert.deepEqual(ttlPatches({ veleroTtl: '2h' }, at90m), ['2h0m0s', '2h0m0s', '2h0m0s', '2h0m0s', undefined]);
    assert.deepEqual(ttlPatches({}, at90m), ['0s', '0s', '0s', '0s', undefined], 'removing veleroTtl sets TTL 0 (§2.6)');
    // Upstream's `VeleroTTL.Duration*2` is int64 arithmetic: past 1281023h it wraps as in Go.
    assert.equal(msaTokenValidity({ veleroTtl: '2000000h' }), '-1124095h34m33.709551616s');
  });

  it('a value time.ParseDuration refuses is a validation failure naming the field and the value (issue 13, finding 8)', () => {
    const nines = '9'.repeat(400);
    const cases: Array<[Partial<BackupSchedule['spec']>, string]> = [
      [{ veleroTtl: '999999999999h' }, 'invalid veleroTtl: time: invalid duration "999999999999h"'],
      [{ veleroTtl: `${nines}h` }, `invalid veleroTtl: time: invalid duration "${nines}h"`],
      [{ veleroTtl: '2562048h' }, 'invalid veleroTtl: time: invalid duration "2562048h"'],
      [{ veleroTtl: '9223372036854775808ns' }, 'invalid veleroTtl: time: invalid duration "9223372036854775808ns"'],
      [{ veleroTtl: ' 120h' }, 'invalid veleroTtl: time: invalid duration " 120h"'],
      [{ managedServiceAccountTTL: '2562048h' }, 'invalid managedServiceAccountTTL: time: invalid duration "2562048h"'],
      [{ managedServiceAccountTTL: '300' }, 'invalid managedServiceAccountTTL: time: missing unit in duration "300"'],
    ];
    for (const [spec, message] of cases) assert.equal(validateSpec(bsch(spec)), message);
    assert.equal(validateSpec(bsch({ veleroTtl: '2562047h' })), undefined, 'the largest whole hour Go holds');
    assert.deepEqual(backupTtls(build({ veleroTtl: '2562047h47m16.854775807s' }))[0], '2562047h47m16.854775807s');
  });
});

describe('hub identity (decision 1) and local cluster name (§0.5)', () => {
  let env: TestHub;
  let client: KubeClient;

  before(async () => {
    env = await startHub();
    client = env.client;
  });
  after(async () => {
    await env.teardown();
  });

  it('is the kube-system uid without ClusterVersion, then the first ClusterVersion clusterID', async () => {
    const uid = (await client.get(NAMESPACES_REF, 'kube-system')).metadata?.uid;
    assert.ok(uid);
    assert.equal(await hubIdentity(client), uid, 'no ClusterVersion API at all');
    assert.equal(await findLocalClusterName(client), '', 'no ManagedCluster API at all');
    assert.equal(await localClusterNameOrDefault(client), 'local-cluster');

    for (const crd of ocmCrds().filter((c) =>
      ['clusterversions.config.openshift.io', 'managedclusters.cluster.open-cluster-management.io'].includes(c.metadata.name),
    )) {
      await client.create(CRDS, crd as unknown as KubeObject);
    }
    await waitFor(
      'CRDs served',
      async () =>
        client
          .list(CLUSTER_VERSIONS)
          .then(() => client.list(MANAGED_CLUSTERS))
          .then(
            () => true,
            () => false,
          ),
      10_000,
    );
    assert.equal(await hubIdentity(client), uid, 'no ClusterVersion object');
    await client.create(CLUSTER_VERSIONS, {
      apiVersion: 'config.openshift.io/v1',
      kind: 'ClusterVersion',
      metadata: { name: 'version' },
      spec: { clusterID: 'c0ffee00-1111-2222-3333-444455556666' },
    } as KubeObject);
    assert.equal(await hubIdentity(client), 'c0ffee00-1111-2222-3333-444455556666');

    await client.create(MANAGED_CLUSTERS, {
      apiVersion: 'cluster.open-cluster-management.io/v1',
      kind: 'ManagedCluster',
      metadata: { name: 'spoke' },
      spec: { hubAcceptsClient: true },
    } as KubeObject);
    assert.equal(await findLocalClusterName(client), '');
    await client.create(MANAGED_CLUSTERS, {
      apiVersion: 'cluster.open-cluster-management.io/v1',
      kind: 'ManagedCluster',
      metadata: { name: 'my-hub', labels: { 'local-cluster': 'true' } },
      spec: { hubAcceptsClient: true },
    } as KubeObject);
    assert.equal(await findLocalClusterName(client), 'my-hub');
    assert.equal(await localClusterNameOrDefault(client), 'my-hub');
  });
});

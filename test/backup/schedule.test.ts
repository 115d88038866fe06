// The BackupSchedule controller inside a real `lifeboat up` (hub + Velero-compatible engine +
// storage directory + backup controllers), driven with the real kubectl as a user would: the
// documentation example, every validation failure of hub-backup.md §2.2, propagation, repair, live
// discovery, and `lifeboat doctor` on the result.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import type { KubeClient, KubeObject, ResourceRef } from '../../src/kube/index.js';
import {
  ACM_RESTORES,
  BACKUP_SCHEDULES,
  MSG_BSL_NOT_FOUND,
  MSG_CRON_EMPTY,
  MSG_MSA_NOT_ENABLED,
  MSG_PAUSED,
  MSG_SCHEDULES_ENABLED,
  MSG_SCHEDULE_BSL_NOT_AVAILABLE,
  SCHEDULE_CREATION_ORDER,
  msgCronInvalid,
  msgInvalidMsaTtl,
  msgInvalidVeleroTtl,
  msgRestoreActiveBlocksSchedule,
  type BackupSchedule,
} from '../../src/api/backup/index.js';
import { BACKUPS, BACKUP_STORAGE_LOCATIONS, SCHEDULES, type Backup, type BackupStorageLocation, type Schedule } from '../../src/api/velero/index.js';
import {
  CLUSTER_MANAGEMENT_ADDONS,
  DATA_PROTECTION_APPLICATIONS,
  MANAGED_CLUSTER_ADDONS,
  MANAGED_CLUSTERS,
  MANAGED_SERVICE_ACCOUNTS,
  MANIFEST_WORKS,
  PLACEMENTS,
  PLACEMENT_RULES,
} from '../../src/api/ocm/index.js';
import { ACTIVATION_RESOURCES } from '../../src/backup/selection/index.js';
import { COLLISION_GRACE_MS } from '../../src/backup/schedule/index.js';
import { REPO, runLifeboat, startUpProcess, waitFor, type KubectlResult, type UpProcess } from '../support/index.js';
import { NAMESPACES, SECRETS, CUSTOM_RESOURCE_DEFINITIONS as CRDS } from '../../src/kube/index.js';

const NS = 'open-cluster-management-backup';
const WIDGETS: ResourceRef = { group: 'example.com', version: 'v1', plural: 'widgets', namespaced: true, kind: 'Widget' };

const LOCAL_CLUSTER = 'hub-local';
const ACM = 'cluster.open-cluster-management.io';

const SCHEDULE_ACM = `apiVersion: cluster.open-cluster-management.io/v1beta1
kind: BackupSchedule
metadata:
  name: schedule-acm
  namespace: ${NS}
spec:
  veleroSchedule: 0 */2 * * *
  veleroTtl: 120h
`;

const AGENT_INSTALL = ['agent', 'agentclassification', 'agentserviceconfig', 'infraenv', 'nmstateconfig'].map((k) => `${k}.agent-install.openshift.io`);
const HIVE_SUBGROUP = ['agentclusterinstall.extensions.hive.openshift.io'];
const RESOURCES = [
  'application.app.k8s.io',
  'channel.apps.open-cluster-management.io',
  'placementrule.apps.open-cluster-management.io',
  'subscription.apps.open-cluster-management.io',
  'managedserviceaccount.authentication.open-cluster-management.io',
  'managedclusterset.cluster.open-cluster-management.io',
  'managedclustersetbinding.cluster.open-cluster-management.io',
  'placement.cluster.open-cluster-management.io',
  'placementdecision.cluster.open-cluster-management.io',
  'placementbinding.policy.open-cluster-management.io',
  'policy.policy.open-cluster-management.io',
  'policyset.policy.open-cluster-management.io',
];

function crd(group: string, plural: string, kind: string): KubeObject & Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, singular: kind.toLowerCase(), kind },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

const sorted = (xs: readonly string[] | undefined): string[] => [...(xs ?? [])].sort();

describe('BackupSchedule controller on lifeboat up', () => {
  let hub: UpProcess;
  let storage: string;
  let client: KubeClient;

  const kubectl = (args: string[], input?: string): Promise<KubectlResult> => hub.kubectl(args, { input });
  const kubectlOk = async (args: string[], input?: string): Promise<string> => {
    const r = await kubectl(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const getBs = (): Promise<BackupSchedule> => client.get<BackupSchedule>(BACKUP_SCHEDULES, 'schedule-acm', { namespace: NS });
  const ownedSchedules = async (): Promise<Schedule[]> => (await client.list<Schedule>(SCHEDULES, { namespace: NS })).items;
  const schedule = (name: string): Promise<Schedule> => client.get<Schedule>(SCHEDULES, name, { namespace: NS });
  async function waitForStatus(phase: string, message: string, what: string, timeoutMs = 20_000): Promise<void> {
    let last: unknown;
    try {
      await waitFor(
        what,
        async () => {
          const s = (await getBs()).status;
          last = s && { phase: s.phase, lastMessage: s.lastMessage };
          return s?.phase === phase && s.lastMessage === message;
        },
        timeoutMs,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}; last status ${JSON.stringify(last)}`);
    }
  }
  const patchBs = (patch: object): Promise<string> => kubectlOk(['patch', 'bsch', 'schedule-acm', '-n', NS, '--type', 'merge', '-p', JSON.stringify(patch)]);

  before(async () => {
    hub = await startUpProcess();
    storage = hub.storageDir;
    client = hub.client;
    await kubectlOk(['apply', '-f', path.join(REPO, 'deploy/crds/backup'), '-f', path.join(REPO, 'deploy/crds/ocm')]);
    await waitFor(
      'CRDs served',
      async () => {
        try {
          await client.list(PLACEMENTS, { namespace: NS });
          await client.list(DATA_PROTECTION_APPLICATIONS, { namespace: NS });
          await client.list(BACKUP_SCHEDULES, { namespace: NS });
          return true;
        } catch {
          return false;
        }
      },
      20_000,
    );

    // Decision 16: `lifeboat up` made the DataProtectionApplication that owns the storage location.
    const dpa = await client.get<KubeObject>(DATA_PROTECTION_APPLICATIONS, 'lifeboat', { namespace: NS });
    const location = await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'default', { namespace: NS });
    assert.deepEqual(location.metadata.ownerReferences, [dpaOwner(dpa)]);

    // What the backups must (and must not) contain.
    for (const ns of ['managed1', LOCAL_CLUSTER, 'apps']) await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await client.create(MANAGED_CLUSTERS, {
      apiVersion: `${ACM}/v1`,
      kind: 'ManagedCluster',
      metadata: { name: 'managed1' },
      spec: { hubAcceptsClient: true },
    });
    await client.create(MANAGED_CLUSTERS, {
      apiVersion: `${ACM}/v1`,
      kind: 'ManagedCluster',
      metadata: { name: LOCAL_CLUSTER, labels: { 'local-cluster': 'true', 'velero.io/exclude-from-backup': 'true' } },
      spec: { hubAcceptsClient: true },
    });
    const placement = (name: string, namespace: string, labels: Record<string, string> = {}): KubeObject => ({
      ...{ spec: {} },
      apiVersion: `${ACM}/v1beta1`,
      kind: 'Placement',
      metadata: { name, namespace, labels },
    });
    await client.create(PLACEMENTS, placement('placement-1', 'apps'), { namespace: 'apps' });
    await client.create(PLACEMENTS, placement('local-placement', LOCAL_CLUSTER), { namespace: LOCAL_CLUSTER });
    await client.create(PLACEMENTS, placement('backup-ns-placement', NS), { namespace: NS });
    await client.create(PLACEMENTS, placement('excluded-placement', 'apps', { 'velero.io/exclude-from-backup': 'true' }), { namespace: 'apps' });
    // PlacementRules too: the apps group has a single version, so they do not depend on how the engine picks versions.
    const rule = (name: string, namespace: string): KubeObject => ({
      ...{ spec: {} },
      apiVersion: 'apps.open-cluster-management.io/v1',
      kind: 'PlacementRule',
      metadata: { name, namespace },
    });
    for (const [name, namespace] of [
      ['rule-1', 'apps'],
      ['local-rule', LOCAL_CLUSTER],
      ['backup-ns-rule', NS],
    ])
      await client.create(PLACEMENT_RULES, rule(name, namespace), { namespace });
    await client.create(
      SECRETS,
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'aws-creds', namespace: 'managed1', labels: { [`${ACM}/type`]: 'aws' } }, stringData: { k: 'v' } },
      { namespace: 'managed1' },
    );
    await client.create(
      SECRETS,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'hidden-creds', namespace: 'managed1', labels: { [`${ACM}/type`]: 'aws', 'velero.io/exclude-from-backup': 'true' } },
        stringData: { k: 'v' },
      },
      { namespace: 'managed1' },
    );
    await client.create(CRDS, crd('example.com', 'widgets', 'Widget'));
    await waitFor(
      'widgets served',
      async () =>
        client.list(WIDGETS, { namespace: 'apps' }).then(
          () => true,
          () => false,
        ),
      10_000,
    );
    await client.create(
      WIDGETS,
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'apps', labels: { [`${ACM}/backup`]: 'generic' } } } as KubeObject,
      { namespace: 'apps' },
    );
  });

  after(async () => {
    await hub?.teardown();
  });

  it('reports every validation failure with its phase and message, and proceeds once each cause is fixed', async () => {
    // §2.2 step 4: an active Restore in the namespace.
    await client.create(
      ACM_RESTORES,
      {
        apiVersion: `${ACM}/v1beta1`,
        kind: 'Restore',
        metadata: { name: 'dr-restore', namespace: NS },
        spec: {
          cleanupBeforeRestore: 'None',
          veleroManagedClustersBackupName: 'skip',
          veleroCredentialsBackupName: 'latest',
          veleroResourcesBackupName: 'latest',
        },
      } as KubeObject,
      { namespace: NS },
    );
    await kubectlOk(['apply', '-f', '-'], SCHEDULE_ACM);
    await waitForStatus('FailedValidation', msgRestoreActiveBlocksSchedule('dr-restore'), 'active restore reported');
    const uid = (await getBs()).metadata.uid;

    // Step 6: a storage location nobody owns is not usable.
    await client.patch(BACKUP_STORAGE_LOCATIONS, 'default', { metadata: { ownerReferences: null } }, { type: 'merge', namespace: NS });
    await client.delete(ACM_RESTORES, 'dr-restore', { namespace: NS });
    await waitForStatus('FailedValidation', MSG_SCHEDULE_BSL_NOT_AVAILABLE, 'unowned BSL reported');

    // Step 5: no storage location at all.
    const bsl = await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'default', { namespace: NS });
    await client.delete(BACKUP_STORAGE_LOCATIONS, 'default', { namespace: NS });
    await waitForStatus('FailedValidation', MSG_BSL_NOT_FOUND, 'missing BSL reported');
    // A later check fails too, so fixing the storage uncovers the next problem rather than creating schedules.
    await patchBs({ spec: { useManagedServiceAccount: true } });
    const dpa = await client.get<KubeObject>(DATA_PROTECTION_APPLICATIONS, 'lifeboat', { namespace: NS });
    await client.create(
      BACKUP_STORAGE_LOCATIONS,
      {
        apiVersion: 'velero.io/v1',
        kind: 'BackupStorageLocation',
        metadata: { name: 'default', namespace: NS, ownerReferences: [dpaOwner(dpa)] },
        spec: bsl.spec,
      },
      { namespace: NS },
    );

    // Step 7: the ManagedServiceAccount component must be enabled.
    await waitForStatus('FailedValidation', MSG_MSA_NOT_ENABLED, 'MSA component reported');
    // The user enables the component and, in the same breath, mistypes the cron: the edit wakes the controller.
    await client.create(CLUSTER_MANAGEMENT_ADDONS, {
      apiVersion: 'addon.open-cluster-management.io/v1alpha1',
      kind: 'ClusterManagementAddOn',
      metadata: { name: 'managed-serviceaccount' },
      spec: {},
    } as KubeObject);
    await patchBs({ spec: { veleroSchedule: 'WRONG' } });

    // Step 8: the cron expression, then Lifeboat's TTL check.
    await waitForStatus('FailedValidation', msgCronInvalid('expected exactly 5 fields, found 1: [WRONG]'), 'bad cron reported');
    await patchBs({ spec: { veleroSchedule: '' } });
    await waitForStatus('FailedValidation', MSG_CRON_EMPTY, 'empty cron reported');
    await patchBs({ spec: { veleroSchedule: '0 */2 * * *', veleroTtl: '5 days' } });
    await waitForStatus('FailedValidation', msgInvalidVeleroTtl('time: unknown unit " days" in duration "5 days"'), 'bad TTL reported');
    assert.equal((await ownedSchedules()).length, 0, 'nothing is created while validation fails');

    // Everything fixed: the same object proceeds.
    await kubectlOk(['apply', '-f', '-'], SCHEDULE_ACM);
    await patchBs({ spec: { useManagedServiceAccount: null } });
    await waitForStatus('Enabled', MSG_SCHEDULES_ENABLED, 'schedule enabled', 30_000);
    assert.equal((await getBs()).metadata.uid, uid, 'not re-created');
  });

  it('the documentation example creates the five velero Schedules with the exact selection', async () => {
    const bs = await getBs();
    const hubId = (await client.get(NAMESPACES, 'kube-system')).metadata?.uid;
    assert.ok(hubId);
    const all = await ownedSchedules();
    assert.deepEqual(sorted(all.map((s) => s.metadata.name ?? '')), sorted(SCHEDULE_CREATION_ORDER));
    const types: Record<string, string> = {
      'acm-credentials-schedule': 'credentials',
      'acm-managed-clusters-schedule': 'managedClusters',
      'acm-resources-generic-schedule': 'resourcesGeneric',
      'acm-resources-schedule': 'resources',
      'acm-validation-policy-schedule': 'validation',
    };
    for (const s of all) {
      const name = s.metadata.name ?? '';
      assert.deepEqual(
        s.metadata.labels,
        { [`${ACM}/backup-schedule-name`]: 'schedule-acm', [`${ACM}/backup-schedule-type`]: types[name], [`${ACM}/backup-cluster`]: hubId },
        name,
      );
      assert.deepEqual(
        s.metadata.ownerReferences,
        [{ apiVersion: `${ACM}/v1beta1`, kind: 'BackupSchedule', name: 'schedule-acm', uid: bs.metadata.uid, controller: true, blockOwnerDeletion: true }],
        name,
      );
      assert.equal(s.spec?.schedule, '0 */2 * * *');
      assert.equal(s.spec?.paused, false);
      assert.equal(s.spec?.useOwnerReferencesInBackup, undefined);
      assert.equal(s.spec?.template.storageLocation, undefined);
      assert.equal(s.spec?.template.ttl, name === 'acm-validation-policy-schedule' ? '2h5m0s' : '120h0m0s', name);
    }
    const t = (name: string) => all.find((s) => s.metadata.name === name)?.spec?.template ?? {};

    assert.deepEqual(t('acm-credentials-schedule'), {
      includeClusterResources: false,
      includedResources: ['secret', 'configmap'],
      orLabelSelectors: [
        { matchExpressions: [{ key: 'hive.openshift.io/secret-type', operator: 'Exists' }] },
        { matchExpressions: [{ key: `${ACM}/type`, operator: 'Exists' }] },
        { matchExpressions: [{ key: `${ACM}/backup`, operator: 'Exists' }] },
      ],
      ttl: '120h0m0s',
    });

    const mc = t('acm-managed-clusters-schedule');
    assert.equal(mc.includeClusterResources, true);
    assert.deepEqual(mc.includedResources?.slice(0, ACTIVATION_RESOURCES.length), [...ACTIVATION_RESOURCES], 'activation list first, in order');
    assert.deepEqual(sorted(mc.includedResources), sorted([...ACTIVATION_RESOURCES, ...AGENT_INSTALL, ...HIVE_SUBGROUP]));
    assert.deepEqual(mc.excludedNamespaces, [LOCAL_CLUSTER, 'openshift-machine-api']);
    assert.equal(mc.labelSelector, undefined);

    const generic = t('acm-resources-generic-schedule');
    assert.equal(generic.includeClusterResources, true);
    assert.equal(generic.includedResources, undefined);
    assert.deepEqual(
      sorted(generic.excludedResources),
      sorted(['secret', 'configmap', ...ACTIVATION_RESOURCES, ...AGENT_INSTALL, ...HIVE_SUBGROUP, 'namespace']),
    );
    assert.deepEqual(generic.labelSelector, { matchExpressions: [{ key: `${ACM}/backup`, operator: 'Exists' }] });
    assert.equal(generic.excludedNamespaces, undefined);

    const resources = t('acm-resources-schedule');
    assert.equal(resources.includeClusterResources, true);
    assert.deepEqual(sorted(resources.includedResources), sorted(RESOURCES));
    assert.deepEqual(resources.excludedNamespaces, [LOCAL_CLUSTER, NS]);
    assert.deepEqual(resources.labelSelector, {
      matchExpressions: [
        { key: 'policy.open-cluster-management.io/root-policy', operator: 'DoesNotExist' },
        { key: `${ACM}/backup`, operator: 'DoesNotExist' },
      ],
    });

    assert.deepEqual(t('acm-validation-policy-schedule'), { includedResources: ['BackupSchedule'], includedNamespaces: [NS], ttl: '2h5m0s' });

    const status = (await getBs()).status;
    assert.equal(status?.veleroScheduleCredentials?.metadata.name, 'acm-credentials-schedule');
    assert.equal(status?.veleroScheduleManagedClusters?.metadata.name, 'acm-managed-clusters-schedule');
    assert.equal(status?.veleroScheduleResources?.metadata.name, 'acm-resources-schedule');
    assert.equal(status?.veleroScheduleResources?.spec?.template.labelSelector?.matchExpressions?.length, 2);

    const table = await kubectlOk(['get', 'bsch', '-A']);
    assert.match(table, /NAMESPACE\s+NAME\s+PHASE\s+MESSAGE/);
    assert.match(table, new RegExp(`${NS}\\s+schedule-acm\\s+Enabled\\s+Velero schedules are enabled`));
  });

  it('takes the initial backups, which hold exactly what the selection says', async () => {
    let initial: Backup[] = [];
    await waitFor(
      'five initial backups finished',
      async () => {
        initial = (await client.list<Backup>(BACKUPS, { namespace: NS })).items.filter(
          (b) => b.metadata.labels?.[`${ACM}/backup-schedule-name`] === 'schedule-acm',
        );
        return initial.length === 5 && initial.every((b) => ['Completed', 'PartiallyFailed', 'Failed'].includes(b.status?.phase ?? ''));
      },
      60_000,
    );
    const stamps = new Set(initial.map((b) => /-(\d{14})$/.exec(b.metadata.name ?? '')?.[1]));
    assert.equal(stamps.size, 1, 'one timestamp for all five');
    const contents = new Map<string, Record<string, string[]>>();
    for (const b of initial) {
      assert.equal(b.status?.phase, 'Completed', `${b.metadata.name}: ${JSON.stringify(b.status)}`);
      const scheduleName = b.metadata.labels?.['velero.io/schedule-name'] ?? '';
      assert.equal(b.metadata.name, `${scheduleName}-${[...stamps][0]}`);
      const file = path.join(storage, 'backups', b.metadata.name ?? '', `${b.metadata.name}-resource-list.json.gz`);
      contents.set(scheduleName, JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as Record<string, string[]>);
    }
    const has = (schedule: string, kind: string, id: string): boolean =>
      Object.entries(contents.get(schedule) ?? {}).some(([key, ids]) => key.endsWith(`/${kind}`) && ids.includes(id));
    const all = (schedule: string): string[] => Object.entries(contents.get(schedule) ?? {}).flatMap(([key, ids]) => ids.map((id) => `${key} ${id}`));

    const statusOf = (schedule: string): string => JSON.stringify(initial.find((b) => b.metadata.labels?.['velero.io/schedule-name'] === schedule)?.status);
    assert.ok(
      has('acm-credentials-schedule', 'Secret', 'managed1/aws-creds'),
      `${all('acm-credentials-schedule').join('\n')} ${statusOf('acm-credentials-schedule')}`,
    );
    assert.ok(
      has('acm-managed-clusters-schedule', 'ManagedCluster', 'managed1'),
      `${all('acm-managed-clusters-schedule').join('\n')} ${statusOf('acm-managed-clusters-schedule')}`,
    );
    assert.ok(
      has('acm-resources-schedule', 'PlacementRule', 'apps/rule-1'),
      `${all('acm-resources-schedule').join('\n')} ${statusOf('acm-resources-schedule')}`,
    );
    assert.ok(
      has('acm-resources-generic-schedule', 'Widget', 'apps/w1'),
      `${all('acm-resources-generic-schedule').join('\n')} ${statusOf('acm-resources-generic-schedule')}`,
    );
    for (const schedule of SCHEDULE_CREATION_ORDER) {
      for (const line of all(schedule)) {
        assert.ok(!/hidden-creds|excluded-placement|\/ManagedCluster hub-local$/.test(line), `${schedule} holds an excluded object: ${line}`);
      }
    }
    for (const line of all('acm-resources-schedule')) {
      assert.ok(!line.includes(` ${LOCAL_CLUSTER}/`) && !line.includes(` ${NS}/`), `resources backup holds ${line}`);
      assert.ok(!/\/ManagedCluster |\/Secret |\/ConfigMap /.test(line), `resources backup holds ${line}`);
    }
    assert.ok(!has('acm-resources-generic-schedule', 'Secret', 'managed1/aws-creds'));
    // Kinds served in a version other than their group's preferred one (Placement is v1beta1, BackupSchedule
    // v1beta1, the group prefers v1): the engine must back them up too, as Velero does.
    assert.ok(has('acm-resources-schedule', 'Placement', 'apps/placement-1'), `${all('acm-resources-schedule').join('\n')}`);
    assert.ok(
      has('acm-validation-policy-schedule', 'BackupSchedule', `${NS}/schedule-acm`),
      `${all('acm-validation-policy-schedule').join('\n')} ${statusOf('acm-validation-policy-schedule')}`,
    );
  });

  it('propagates cron, TTL and pause changes to the velero Schedules', async () => {
    await patchBs({ spec: { veleroSchedule: '0 */6 * * *' } });
    await waitFor('cron propagated', async () => (await ownedSchedules()).every((s) => s.spec?.schedule === '0 */6 * * *'), 15_000);
    assert.equal((await schedule('acm-validation-policy-schedule')).spec?.template.ttl, '6h5m0s');
    assert.equal((await schedule('acm-resources-schedule')).spec?.template.ttl, '120h0m0s');

    await patchBs({ spec: { veleroTtl: '72h' } });
    const ttlOf = (x: Schedule) => (x.metadata.name === 'acm-validation-policy-schedule' ? '6h5m0s' : '72h0m0s');
    // The five are patched one after another: wait for all of them.
    await waitFor('TTL propagated', async () => (await ownedSchedules()).every((x) => x.spec?.template.ttl === ttlOf(x)), 15_000);
    for (const s of await ownedSchedules())
      assert.equal(s.spec?.template.ttl, s.metadata.name === 'acm-validation-policy-schedule' ? '6h5m0s' : '72h0m0s', s.metadata.name);

    await patchBs({ spec: { paused: true } });
    await waitForStatus('Paused', MSG_PAUSED, 'paused');
    assert.ok((await ownedSchedules()).every((s) => s.spec?.paused === true));
    await patchBs({ spec: { paused: false } });
    await waitFor('unpaused', async () => (await ownedSchedules()).every((s) => s.spec?.paused === false), 15_000);
    await waitForStatus('Enabled', MSG_SCHEDULES_ENABLED, 'enabled again');
  });

  it('refuses a TTL beyond Go’s duration range as time.ParseDuration does, and changes no velero Schedule (issue 13, finding 8)', async () => {
    const specs = async () => (await ownedSchedules()).map((s) => [s.metadata.name, s.spec]);
    const before = await specs();
    await patchBs({ spec: { veleroTtl: '999999999999h' } });
    await waitForStatus('FailedValidation', msgInvalidVeleroTtl('time: invalid duration "999999999999h"'), 'overflowing veleroTtl reported');
    await patchBs({ spec: { veleroTtl: '72h', managedServiceAccountTTL: '2562048h' } });
    await waitForStatus('FailedValidation', msgInvalidMsaTtl('time: invalid duration "2562048h"'), 'overflowing managedServiceAccountTTL reported');
    assert.deepEqual(await specs(), before, 'no velero Schedule was changed');
    await patchBs({ spec: { managedServiceAccountTTL: null } });
    await waitForStatus('Enabled', MSG_SCHEDULES_ENABLED, 'enabled once both are fixed');
  });

  it('re-creates all velero Schedules when one is deleted', async () => {
    const before = new Map((await ownedSchedules()).map((s) => [s.metadata.name, s.metadata.uid]));
    await kubectlOk(['delete', 'schedules.velero.io', 'acm-resources-schedule', '-n', NS]);
    await waitFor(
      'all five re-created',
      async () => {
        const now = await ownedSchedules();
        return now.length === 5 && now.every((s) => before.get(s.metadata.name) !== s.metadata.uid);
      },
      20_000,
    );
    const recreated = await schedule('acm-resources-schedule');
    assert.equal(recreated.spec?.schedule, '0 */6 * * *');
    assert.equal(recreated.spec?.template.ttl, '72h0m0s');
    await waitForStatus('Enabled', MSG_SCHEDULES_ENABLED, 'enabled after re-creation');
  });

  it('a CRD installed in an *.open-cluster-management.io group joins the resources schedule', async () => {
    await client.create(CRDS, crd('fleet.open-cluster-management.io', 'gizmos', 'Gizmo'));
    await waitFor(
      'gizmo selected',
      async () => ((await schedule('acm-resources-schedule')).spec?.template.includedResources ?? []).includes('gizmo.fleet.open-cluster-management.io'),
      20_000,
    );
    assert.deepEqual(
      sorted((await schedule('acm-resources-schedule')).spec?.template.includedResources),
      sorted([...RESOURCES, 'gizmo.fleet.open-cluster-management.io']),
    );
    assert.ok(!((await schedule('acm-managed-clusters-schedule')).spec?.template.includedResources ?? []).includes('gizmo.fleet.open-cluster-management.io'));
  });

  it('a second BackupSchedule in the same namespace fails on the existing schedule names (§2.6)', async () => {
    await kubectlOk(['apply', '-f', '-'], SCHEDULE_ACM.replace('name: schedule-acm', 'name: schedule-two'));
    let last: unknown;
    await waitFor(
      'second schedule Failed',
      async () => {
        last = (await client.get<BackupSchedule>(BACKUP_SCHEDULES, 'schedule-two', { namespace: NS })).status;
        return (last as BackupSchedule['status'])?.phase === 'Failed';
      },
      15_000,
    ).catch((err: Error) => assert.fail(`${err.message}: ${JSON.stringify(last)}`));
    assert.equal(
      (last as BackupSchedule['status'])?.lastMessage,
      'Velero schedules initialization failed: schedules.velero.io "acm-credentials-schedule" already exists',
    );
    await kubectlOk(['delete', 'bsch', 'schedule-two', '-n', NS]);
    assert.equal((await ownedSchedules()).length, 5, 'the first one keeps its schedules');
  });

  it('useManagedServiceAccount: the add-on, the MSA (2 × veleroTtl) and the ManifestWork for imported clusters only; off removes them', async () => {
    const exists = (ref: ResourceRef, namespace: string, name: string): Promise<boolean> =>
      client.get(ref, name, { namespace }).then(
        () => true,
        () => false,
      );
    // prepareForBackup runs on passes over schedules older than the 5 s collision grace (§2.2 steps
    // 10–11); the previous test re-created them, so let them age first.
    const created = Math.min(...(await ownedSchedules()).map((x) => Date.parse(x.metadata.creationTimestamp ?? '')));
    const young = created + COLLISION_GRACE_MS + 1_000 - Date.now();
    if (young > 0) await new Promise((r) => setTimeout(r, young));
    await patchBs({ spec: { useManagedServiceAccount: true } });
    await waitFor('the auto-import MSA of managed1', async () => exists(MANAGED_SERVICE_ACCOUNTS, 'managed1', 'auto-import-account'), 20_000);
    const msa = await client.get<KubeObject & { spec?: { rotation?: unknown } }>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: 'managed1' });
    assert.deepEqual(msa.spec?.rotation, { validity: '144h0m0s', enabled: true }, 'twice the veleroTtl of 72h');
    assert.ok(await exists(MANAGED_CLUSTER_ADDONS, 'managed1', 'managed-serviceaccount'));
    assert.ok(await exists(MANIFEST_WORKS, 'managed1', 'addon-managed-serviceaccount-import'));
    assert.equal(await exists(MANAGED_CLUSTER_ADDONS, LOCAL_CLUSTER, 'managed-serviceaccount'), false, 'not for the local cluster');

    await patchBs({ spec: { useManagedServiceAccount: false } });
    // The cleanup deletes the MSAs, then the add-ons, then the ManifestWorks (§5.1.5): wait for the last.
    const removed = async (): Promise<boolean> =>
      !(await exists(MANAGED_SERVICE_ACCOUNTS, 'managed1', 'auto-import-account')) &&
      !(await exists(MANAGED_CLUSTER_ADDONS, 'managed1', 'managed-serviceaccount')) &&
      !(await exists(MANIFEST_WORKS, 'managed1', 'addon-managed-serviceaccount-import'));
    await waitFor('the MSA, its add-on and its ManifestWork removed', removed, 20_000);
    assert.equal(await exists(MANAGED_SERVICE_ACCOUNTS, 'managed1', 'auto-import-account'), false);
    assert.equal(await exists(MANAGED_CLUSTER_ADDONS, 'managed1', 'managed-serviceaccount'), false);
    assert.equal(await exists(MANIFEST_WORKS, 'managed1', 'addon-managed-serviceaccount-import'), false);
    await waitForStatus('Enabled', MSG_SCHEDULES_ENABLED, 'still enabled');
  });

  it('lifeboat doctor passes on what the controller set up, and fails the storage check once storage is gone', async () => {
    const doctor = () => runLifeboat(['doctor', '--kubeconfig', hub.kubeconfigPath, '--output', 'json']);
    const healthy = await doctor();
    assert.equal(healthy.code, 0, healthy.stdout + healthy.stderr);
    const report = JSON.parse(healthy.stdout) as { passed: boolean; checks: { id: string; status: string; reason: string }[] };
    assert.equal(report.passed, true);
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    for (const id of [
      'backup-storage-location-available',
      'data-protection-application-available',
      'backup-schedule-cron-enabled',
      'acm-managed-clusters-schedule-backups-available',
      'acm-resources-schedule-backups-available',
    ]) {
      assert.equal(byId.get(id)?.status, 'pass', `${id}: ${byId.get(id)?.reason}`);
    }

    // The storage directory is replaced by a file: the engine's validation marks the location Unavailable.
    await rename(storage, `${storage}.moved`);
    await writeFile(storage, 'not a directory');
    await client.patch(BACKUP_STORAGE_LOCATIONS, 'default', { spec: { validationFrequency: '1s' } }, { type: 'merge', namespace: NS });
    await waitFor(
      'location Unavailable',
      async () => (await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'default', { namespace: NS })).status?.phase === 'Unavailable',
      30_000,
    );
    const broken = await doctor();
    assert.equal(broken.code, 1);
    const failed = (JSON.parse(broken.stdout) as typeof report).checks.filter((c) => c.status === 'fail');
    assert.deepEqual(
      failed.map((c) => c.id),
      ['backup-storage-location-available'],
    );
    assert.match(failed[0].reason, /default is Unavailable: /);
    await rm(storage, { force: true });
    await rename(`${storage}.moved`, storage);
  });

  it('deleting the BackupSchedule deletes its velero Schedules through their owner references; its backups stay', async () => {
    const backupsBefore = (await client.list<Backup>(BACKUPS, { namespace: NS })).items.length;
    assert.ok(backupsBefore > 0);
    await kubectlOk(['delete', 'bsch', 'schedule-acm', '-n', NS]);
    await waitFor('the velero Schedules garbage-collected', async () => (await ownedSchedules()).length === 0, 20_000);
    assert.equal(
      (await client.list<Backup>(BACKUPS, { namespace: NS })).items.length,
      backupsBefore,
      'backups are not owned (useOwnerReferencesInBackup unset)',
    );
  });
});

function dpaOwner(dpa: KubeObject): { apiVersion: string; kind: string; name: string; uid: string; controller: boolean; blockOwnerDeletion: boolean } {
  return {
    apiVersion: 'oadp.openshift.io/v1alpha1',
    kind: 'DataProtectionApplication',
    name: dpa.metadata?.name ?? '',
    uid: dpa.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

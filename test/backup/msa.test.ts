// ManagedServiceAccount auto-import, backup side (hub-backup.md §5.1), on a real embedded hub:
// with useManagedServiceAccount the add-on, the MSA with the right validity and the ManifestWork
// appear for imported clusters only; the pair MSA follows its half-life rule; token secrets are
// stamped; switching the option off (or disabling the component) removes it all.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKUP_API_VERSION, LABEL_BACKUP, type BackupSchedule } from '../../src/api/backup/index.js';
import {
  CLUSTER_MANAGEMENT_ADDONS,
  MANAGED_CLUSTER_ADDONS,
  MANAGED_CLUSTERS,
  MANAGED_SERVICE_ACCOUNTS,
  MANIFEST_WORKS,
  type ManagedServiceAccount,
  type ManifestWork,
} from '../../src/api/ocm/index.js';
import { isNotFound, type KubeClient, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { prepareForBackup, prepareForBackupPass } from '../../src/backup/prepare/index.js';
import { msaTokenValidity, shouldCreatePairToken, SECRETS, type MetaOnly } from '../../src/backup/msa/index.js';
import { ensureNamespace, reconcileContext, startHub, TestClock, type TestHub } from '../support/index.js';

const NS = 'open-cluster-management-backup';

function schedule(spec: Partial<BackupSchedule['spec']>): BackupSchedule {
  return {
    apiVersion: BACKUP_API_VERSION,
    kind: 'BackupSchedule',
    metadata: { name: 'schedule-acm', namespace: NS },
    spec: { veleroSchedule: '0 */1 * * *', ...spec },
  };
}

async function exists(client: KubeClient, ref: ResourceRef, namespace: string, name: string): Promise<boolean> {
  try {
    await client.get(ref, name, { namespace });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

async function managedCluster(client: KubeClient, name: string, labels: Record<string, string> = {}): Promise<void> {
  await client.create(MANAGED_CLUSTERS, {
    apiVersion: 'cluster.open-cluster-management.io/v1',
    kind: 'ManagedCluster',
    metadata: { name, labels },
    spec: { hubAcceptsClient: true },
  });
  await ensureNamespace(client, name);
}

describe('token validity (§5.1.2)', () => {
  it('is 1440h0m0s by default, twice veleroTtl, and managedServiceAccountTTL when set', () => {
    assert.equal(msaTokenValidity({}), '1440h0m0s');
    assert.equal(msaTokenValidity({ veleroTtl: '120h' }), '240h0m0s');
    assert.equal(msaTokenValidity({ veleroTtl: '1h30m' }), '3h0m0s');
    assert.equal(msaTokenValidity({ veleroTtl: '120h', managedServiceAccountTTL: '300h' }), '300h0m0s');
    assert.equal(msaTokenValidity({ veleroTtl: '0s' }), '1440h0m0s');
  });

  it('creates the pair token only in the 15 minutes after half of a token’s life', () => {
    const secretWith = (lastRefresh: string, expiration: string): MetaOnly => ({
      metadata: { annotations: { lastRefreshTimestamp: lastRefresh, expirationTimestamp: expiration } },
    });
    const tokens = [secretWith('2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z')]; // half point: Jan 2 00:00
    assert.equal(shouldCreatePairToken(tokens, Date.parse('2026-01-01T23:59:00Z')), false);
    assert.equal(shouldCreatePairToken(tokens, Date.parse('2026-01-02T00:10:00Z')), true);
    assert.equal(shouldCreatePairToken(tokens, Date.parse('2026-01-02T00:16:00Z')), false);
    assert.equal(
      shouldCreatePairToken([{ metadata: { annotations: { lastRefreshTimestamp: '2026-01-01T00:00:00Z' } } }], Date.parse('2026-01-02T00:10:00Z')),
      false,
    );
  });
});

describe('prepareForBackup with useManagedServiceAccount', () => {
  let hub: TestHub;
  const clock = new TestClock();

  before(async () => {
    hub = await startHub({ crds: ['backup', 'ocm'] });
    const c = hub.client;
    await c.create(CLUSTER_MANAGEMENT_ADDONS, {
      apiVersion: 'addon.open-cluster-management.io/v1alpha1',
      kind: 'ClusterManagementAddOn',
      metadata: { name: 'managed-serviceaccount' },
      spec: {},
    });
    await managedCluster(c, 'local-cluster', { 'local-cluster': 'true' });
    await managedCluster(c, 'hive-cluster');
    await c.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'hive-cluster-admin-kubeconfig', namespace: 'hive-cluster', labels: { 'hive.openshift.io/secret-type': 'kubeconfig' } },
    } as KubeObject);
    await managedCluster(c, 'imported-1');
    await managedCluster(c, 'imported-2');
    // ACM 2.8.2 left these behind; they must go.
    await c.create(MANIFEST_WORKS, {
      apiVersion: 'work.open-cluster-management.io/v1',
      kind: 'ManifestWork',
      metadata: { name: 'addon-managed-serviceaccount-import-custom', namespace: 'imported-1' },
      spec: { workload: { manifests: [] } },
    });
  });
  after(async () => hub?.teardown());

  it('creates the add-on, the MSA (validity 2 × veleroTtl) and the ManifestWork for imported clusters only', async () => {
    const c = hub.client;
    const result = await prepareForBackupPass(reconcileContext(c, clock), schedule({ useManagedServiceAccount: true, veleroTtl: '120h' }));
    assert.equal(result.msaActive, true);
    assert.deepEqual([...result.importedClusters].sort(), ['imported-1', 'imported-2']);
    assert.equal(result.createdMsas, 2);

    for (const cluster of ['imported-1', 'imported-2']) {
      const addon = await c.get<KubeObject>(MANAGED_CLUSTER_ADDONS, 'managed-serviceaccount', { namespace: cluster });
      assert.equal(addon.metadata?.labels?.['authentication.open-cluster-management.io/is-managed-serviceaccount'], 'auto-import-account');

      const msa = await c.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: cluster });
      assert.equal(msa.apiVersion, 'authentication.open-cluster-management.io/v1beta1');
      assert.deepEqual(msa.spec?.rotation, { validity: '240h0m0s', enabled: true });
      assert.equal(msa.metadata.labels?.['authentication.open-cluster-management.io/is-managed-serviceaccount'], 'auto-import-account');

      const work = await c.get<ManifestWork>(MANIFEST_WORKS, 'addon-managed-serviceaccount-import', { namespace: cluster });
      assert.deepEqual(work.metadata.labels, { 'open-cluster-management.io/addon-name-work': 'managed-serviceaccount', [LABEL_BACKUP]: 'cluster-activation' });
      assert.deepEqual(work.spec?.workload?.manifests, [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: 'managedserviceaccount-import' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'klusterlet-bootstrap-kubeconfig' },
          subjects: [{ kind: 'ServiceAccount', name: 'auto-import-account', namespace: 'open-cluster-management-agent-addon' }],
        },
      ]);
      assert.equal(await exists(c, MANAGED_SERVICE_ACCOUNTS, cluster, 'auto-import-account-pair'), false, 'no pair token before half of a token’s life');
    }
    assert.equal(await exists(c, MANIFEST_WORKS, 'imported-1', 'addon-managed-serviceaccount-import-custom'), false);
    for (const cluster of ['local-cluster', 'hive-cluster']) {
      assert.equal(await exists(c, MANAGED_CLUSTER_ADDONS, cluster, 'managed-serviceaccount'), false, `${cluster} gets no add-on`);
      assert.equal(await exists(c, MANAGED_SERVICE_ACCOUNTS, cluster, 'auto-import-account'), false, `${cluster} gets no MSA`);
      assert.equal(await exists(c, MANIFEST_WORKS, cluster, 'addon-managed-serviceaccount-import'), false, `${cluster} gets no ManifestWork`);
    }
  });

  it('follows managedServiceAccountTTL, stamps token secrets, and creates the pair token at half-life', async () => {
    const c = hub.client;
    // What the MSA agent would do: report the token and write its secret.
    const lastRefresh = new Date(clock.now() - 150 * 3_600_000 - 5 * 60_000); // half of 300h, plus 5 min
    const expiration = new Date(lastRefresh.getTime() + 300 * 3_600_000);
    const msa = await c.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: 'imported-1' });
    await c.updateStatus(MANAGED_SERVICE_ACCOUNTS, {
      ...msa,
      status: {
        expirationTimestamp: expiration.toISOString().replace(/\.\d+Z$/, 'Z'),
        tokenSecretRef: { name: 'auto-import-account', lastRefreshTimestamp: lastRefresh.toISOString().replace(/\.\d+Z$/, 'Z') },
      },
    });
    await c.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'auto-import-account',
        namespace: 'imported-1',
        labels: { 'authentication.open-cluster-management.io/is-managed-serviceaccount': 'true' },
      },
      data: { token: Buffer.from('managed-token').toString('base64') },
    } as KubeObject);

    const bsch = schedule({ useManagedServiceAccount: true, veleroTtl: '120h', managedServiceAccountTTL: '300h' });
    const first = await prepareForBackupPass(reconcileContext(c, clock), bsch);
    assert.equal(first.stampedMsaSecrets, 1);
    const patched = await c.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: 'imported-2' });
    assert.equal(patched.spec?.rotation?.validity, '300h0m0s', 'managedServiceAccountTTL wins');
    const stamped = await c.get<MetaOnly>(SECRETS, 'auto-import-account', { namespace: 'imported-1' });
    assert.equal(stamped.metadata.labels?.[LABEL_BACKUP], 'msa');
    assert.equal(stamped.metadata.annotations?.expirationTimestamp, expiration.toISOString().replace(/\.\d+Z$/, 'Z'));
    assert.equal(stamped.metadata.annotations?.lastRefreshTimestamp, lastRefresh.toISOString().replace(/\.\d+Z$/, 'Z'));

    // The stamps are what the pair rule reads, so the pair appears on the next pass.
    const second = await prepareForBackupPass(reconcileContext(c, clock), bsch);
    assert.equal(second.createdMsas, 1);
    const pair = await c.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account-pair', { namespace: 'imported-1' });
    assert.deepEqual(pair.spec?.rotation, { validity: '300h0m0s', enabled: true });
    const pairWork = await c.get<ManifestWork>(MANIFEST_WORKS, 'addon-managed-serviceaccount-import-pair', { namespace: 'imported-1' });
    const binding = pairWork.spec?.workload?.manifests?.[0] as { metadata: { name: string }; subjects: { name: string }[] };
    assert.equal(binding.metadata.name, 'managedserviceaccount-import-pair');
    assert.equal(binding.subjects[0].name, 'auto-import-account-pair');
    assert.equal(await exists(c, MANAGED_SERVICE_ACCOUNTS, 'imported-2', 'auto-import-account-pair'), false);
  });

  it('removes the MSAs, add-ons, ManifestWorks and token secrets when useManagedServiceAccount is switched off', async () => {
    const c = hub.client;
    const result = await prepareForBackupPass(reconcileContext(c, clock), schedule({ useManagedServiceAccount: false, veleroTtl: '120h' }));
    assert.equal(result.msaActive, false);
    assert.ok(result.deletedMsaArtifacts >= 8, `deleted ${result.deletedMsaArtifacts}`);
    for (const cluster of ['imported-1', 'imported-2']) {
      assert.equal((await c.list(MANAGED_SERVICE_ACCOUNTS, { namespace: cluster })).items.length, 0, `${cluster}: MSAs gone`);
      assert.equal(await exists(c, MANAGED_CLUSTER_ADDONS, cluster, 'managed-serviceaccount'), false, `${cluster}: add-on gone`);
      assert.equal((await c.list(MANIFEST_WORKS, { namespace: cluster })).items.length, 0, `${cluster}: ManifestWorks gone`);
    }
    assert.equal(await exists(c, SECRETS, 'imported-1', 'auto-import-account'), false, 'token secret gone');
    assert.equal(await exists(c, SECRETS, 'hive-cluster', 'hive-cluster-admin-kubeconfig'), true);
  });

  it('removes the add-ons and ManifestWorks, not the MSAs, when the MSA component is disabled', async () => {
    const c = hub.client;
    await prepareForBackup(reconcileContext(c, clock), schedule({ useManagedServiceAccount: true }));
    assert.equal(await exists(c, MANAGED_SERVICE_ACCOUNTS, 'imported-1', 'auto-import-account'), true);
    const validity = (await c.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: 'imported-1' })).spec?.rotation
      ?.validity;
    assert.equal(validity, '1440h0m0s', 'no veleroTtl: the default validity');

    await c.delete(CLUSTER_MANAGEMENT_ADDONS, 'managed-serviceaccount');
    const result = await prepareForBackupPass(reconcileContext(c, clock), schedule({ useManagedServiceAccount: true }));
    assert.equal(result.msaActive, false);
    // §5.1.5: the add-on and works go so nothing re-enables the component; the MSAs stay.
    assert.equal(await exists(c, MANAGED_SERVICE_ACCOUNTS, 'imported-1', 'auto-import-account'), true);
    assert.equal(await exists(c, MANAGED_CLUSTER_ADDONS, 'imported-1', 'managed-serviceaccount'), false);
    assert.equal(await exists(c, MANIFEST_WORKS, 'imported-1', 'addon-managed-serviceaccount-import'), false);
  });
});

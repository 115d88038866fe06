// prepareForBackup (hub-backup.md §2.8) on a real embedded hub: the Hive, ClusterPool,
// agent-install and bare-metal secrets get the exact backup label values, import and
// openshift-machine-api secrets are left out, and a hub without the optional APIs is no error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKUP_API_VERSION, LABEL_BACKUP, LABEL_DISABLE_CREATION_WEBHOOK_FOR_DR, type BackupSchedule } from '../../src/api/backup/index.js';
import { CLUSTER_DEPLOYMENTS, CLUSTER_POOLS, MANAGED_CLUSTERS } from '../../src/api/ocm/index.js';
import type { KubeClient, KubeObject } from '../../src/kube/index.js';
import { prepareForBackupPass } from '../../src/backup/prepare/index.js';
import { CONFIGMAPS, SECRETS, type MetaOnly } from '../../src/backup/msa/index.js';
import { ensureNamespace, reconcileContext, startHub, type TestHub } from '../support/index.js';

const BSCH: BackupSchedule = {
  apiVersion: BACKUP_API_VERSION,
  kind: 'BackupSchedule',
  metadata: { name: 'schedule-acm', namespace: 'open-cluster-management-backup' },
  spec: { veleroSchedule: '0 */1 * * *', veleroTtl: '120h' },
};

async function secret(client: KubeClient, namespace: string, name: string, labels: Record<string, string> = {}): Promise<void> {
  await client.create(SECRETS, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels },
    data: { token: Buffer.from('s3cr3t').toString('base64') },
  } as KubeObject);
}

async function backupLabel(client: KubeClient, ns: string, name: string, kind: 'secret' | 'configmap' = 'secret'): Promise<string | undefined> {
  const obj = await client.get<MetaOnly>(kind === 'secret' ? SECRETS : CONFIGMAPS, name, { namespace: ns });
  return obj.metadata.labels?.[LABEL_BACKUP];
}

describe('prepareForBackup labels what the credentials backup must carry', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startHub({ crds: ['backup', 'ocm'] });
    const c = hub.client;
    for (const ns of ['cluster-cd', 'pool-cd', 'pools', 'local-cluster', 'agents', 'metal', 'openshift-machine-api']) await ensureNamespace(c, ns);
    await c.create(MANAGED_CLUSTERS, {
      apiVersion: 'cluster.open-cluster-management.io/v1',
      kind: 'ManagedCluster',
      metadata: { name: 'local-cluster', labels: { 'local-cluster': 'true' } },
      spec: { hubAcceptsClient: true },
    });

    // A provisioned cluster with every kind of referenced secret, one already labelled by the user.
    await secret(c, 'cluster-cd', 'cd-cert');
    await secret(c, 'cluster-cd', 'cd-pull');
    await secret(c, 'cluster-cd', 'cd-manifests');
    await secret(c, 'cluster-cd', 'cd-user-labelled', { 'cluster.open-cluster-management.io/type': 'aws' });
    await c.create(CONFIGMAPS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cd-manifests-cm', namespace: 'cluster-cd' },
      data: { a: 'b' },
    } as KubeObject);
    await c.create(CLUSTER_DEPLOYMENTS, {
      apiVersion: 'hive.openshift.io/v1',
      kind: 'ClusterDeployment',
      metadata: { name: 'cluster-cd', namespace: 'cluster-cd' },
      spec: {
        clusterName: 'cluster-cd',
        baseDomain: 'example.com',
        platform: { aws: {} },
        pullSecretRef: { name: 'cd-pull' },
        certificateBundles: [
          { name: 'b1', certificateSecretRef: { name: 'cd-cert' } },
          { name: 'b2', certificateSecretRef: { name: 'cd-user-labelled' } },
        ],
        provisioning: { manifestsSecretRef: { name: 'cd-manifests' }, manifestsConfigMapRef: { name: 'cd-manifests-cm' } },
      },
    });

    // A cluster claimed from a pool: its secrets go by name prefix; bootstrap and import secrets do not.
    await secret(c, 'pool-cd', 'pool-cd-admin-kubeconfig');
    await secret(c, 'pool-cd', 'pool-cd-bootstrap-kubeconfig');
    await secret(c, 'pool-cd', 'pool-cd-import', { [LABEL_BACKUP]: 'clusterpool' });
    await secret(c, 'pool-cd', 'other-secret');
    await c.create(CLUSTER_DEPLOYMENTS, {
      apiVersion: 'hive.openshift.io/v1',
      kind: 'ClusterDeployment',
      metadata: { name: 'pool-cd', namespace: 'pool-cd' },
      spec: { clusterName: 'pool-cd', baseDomain: 'example.com', platform: { aws: {} }, clusterPoolRef: { namespace: 'pools', poolName: 'aws-pool' } },
    });
    await secret(c, 'pools', 'aws-pool-pull-secret');
    await secret(c, 'pools', 'unrelated');
    await c.create(CLUSTER_POOLS, {
      apiVersion: 'hive.openshift.io/v1',
      kind: 'ClusterPool',
      metadata: { name: 'aws-pool', namespace: 'pools' },
      spec: { size: 1, baseDomain: 'example.com', imageSetRef: { name: 'img' }, platform: { aws: {} } },
    });

    // The local cluster's own ClusterDeployment is never prepared.
    await secret(c, 'local-cluster', 'local-pull');
    await c.create(CLUSTER_DEPLOYMENTS, {
      apiVersion: 'hive.openshift.io/v1',
      kind: 'ClusterDeployment',
      metadata: { name: 'local-cluster', namespace: 'local-cluster' },
      spec: { clusterName: 'local', baseDomain: 'example.com', platform: { aws: {} }, pullSecretRef: { name: 'local-pull' } },
    });

    await secret(c, 'agents', 'infra-env-pull', { 'agent-install.openshift.io/watch': 'true' });
    await secret(c, 'agents', 'infra-env-other', { 'agent-install.openshift.io/watch': 'false' });
    await secret(c, 'metal', 'bmc-creds', { 'environment.metal3.io': 'baremetal' });
    await secret(c, 'openshift-machine-api', 'hub-bmc', { 'environment.metal3.io': 'baremetal' });
  });
  after(async () => hub?.teardown());

  it('labels Hive, ClusterPool, agent-install and bare-metal secrets with the exact values', async () => {
    const c = hub.client;
    const result = await prepareForBackupPass(reconcileContext(c), BSCH);
    assert.equal(result.hivePrepared, true);
    assert.equal(result.msaActive, false);

    assert.equal(await backupLabel(c, 'cluster-cd', 'cd-cert'), 'certificatebundle');
    assert.equal(await backupLabel(c, 'cluster-cd', 'cd-pull'), 'pullsecret');
    assert.equal(await backupLabel(c, 'cluster-cd', 'cd-manifests'), 'manifestssecret');
    assert.equal(await backupLabel(c, 'cluster-cd', 'cd-manifests-cm', 'configmap'), 'manifestsconfigmap');
    assert.equal(await backupLabel(c, 'cluster-cd', 'cd-user-labelled'), undefined, 'a secret the credentials backup already selects is left as it is');

    assert.equal(await backupLabel(c, 'pool-cd', 'pool-cd-admin-kubeconfig'), 'clusterpool');
    assert.equal(await backupLabel(c, 'pool-cd', 'pool-cd-bootstrap-kubeconfig'), undefined);
    assert.equal(await backupLabel(c, 'pool-cd', 'pool-cd-import'), undefined, 'the import secret loses its clusterpool label');
    assert.equal(await backupLabel(c, 'pool-cd', 'other-secret'), undefined);
    const poolCd = await c.get<KubeObject>(CLUSTER_DEPLOYMENTS, 'pool-cd', { namespace: 'pool-cd' });
    assert.equal(poolCd.metadata?.labels?.[LABEL_DISABLE_CREATION_WEBHOOK_FOR_DR], 'true');
    const plainCd = await c.get<KubeObject>(CLUSTER_DEPLOYMENTS, 'cluster-cd', { namespace: 'cluster-cd' });
    assert.equal(plainCd.metadata?.labels?.[LABEL_DISABLE_CREATION_WEBHOOK_FOR_DR], undefined);

    assert.equal(await backupLabel(c, 'pools', 'aws-pool-pull-secret'), 'clusterpool');
    assert.equal(await backupLabel(c, 'pools', 'unrelated'), undefined);
    assert.equal(await backupLabel(c, 'local-cluster', 'local-pull'), undefined, 'the local cluster is skipped');

    assert.equal(await backupLabel(c, 'agents', 'infra-env-pull'), 'agent-install');
    assert.equal(await backupLabel(c, 'agents', 'infra-env-other'), undefined);
    assert.equal(await backupLabel(c, 'metal', 'bmc-creds'), 'baremetal');
    assert.equal(await backupLabel(c, 'openshift-machine-api', 'hub-bmc'), undefined);

    const pulled = await c.get<KubeObject & { data?: Record<string, string> }>(SECRETS, 'cd-pull', { namespace: 'cluster-cd' });
    assert.equal(Buffer.from(pulled.data?.token ?? '', 'base64').toString(), 's3cr3t', 'labelling leaves the secret data intact');

    const again = await prepareForBackupPass(reconcileContext(c), BSCH);
    assert.equal(again.labelled, 0, 'a second pass has nothing left to label');
    assert.equal(again.markedDeployments, 0);
  });
});

describe('prepareForBackup on a hub without the optional APIs (decision 6)', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startHub({ crds: ['backup'] });
    await ensureNamespace(hub.client, 'metal');
    await secret(hub.client, 'metal', 'bmc-creds', { 'environment.metal3.io': 'baremetal' });
  });
  after(async () => hub?.teardown());

  it('treats missing Hive, ManagedCluster and MSA APIs as none of those objects', async () => {
    const result = await prepareForBackupPass(reconcileContext(hub.client), { ...BSCH, spec: { ...BSCH.spec, useManagedServiceAccount: true } });
    assert.equal(result.msaActive, false);
    assert.equal(result.hivePrepared, true);
    assert.equal(await backupLabel(hub.client, 'metal', 'bmc-creds'), 'baremetal');
  });
});

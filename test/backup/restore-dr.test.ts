// The documentation's disaster-recovery flow end to end, on two `lifeboat up` hubs sharing one
// storage directory, driven with the real kubectl (hub-backup.md §4.7, §5.2–5.3, §3.4, §4.11):
// hub 1 backs up a fleet; hub 2 keeps a passive-sync Restore Enabled and follows hub 1's changes
// (CleanupRestored removes what hub 1 deleted, `cluster-activation` data stays out); hub 1 stops;
// hub 2 activates the managed clusters (Finished, auto-import secrets, the activation record);
// hub 2 starts backing up; hub 1 comes back and its BackupSchedule goes to BackupCollision.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ANNOTATION_IMMEDIATE_IMPORT,
  ANNOTATION_KEEPING_AUTO_IMPORT_SECRET,
  AUTO_IMPORT_SECRET,
  LABEL_ACM_HUB_DR,
  LABEL_ACM_RESTORE_NAME,
  LABEL_BACKUP_CLUSTER,
  LABEL_BACKUP_SCHEDULE_NAME,
  LABEL_RESTORE_AUTO_IMPORT_SECRET,
  LABEL_RESTORE_CLUSTER,
  LABEL_RESTORED_MANAGED_CLUSTERS_BACKUP,
  MSG_FINISHED,
  MSG_SYNC_ENABLED,
  msgAutoImportSecretCreated,
  msgCollisionForeignBackup,
  msgCollisionRestoredElsewhere,
  msgInvalidMsaToken,
  msgNoMsaSecret,
  msgNoServerUrl,
} from '../../src/api/backup/index.js';
import { CLUSTER_DEPLOYMENTS, MANAGED_CLUSTERS, PLACEMENTS, type ManagedCluster } from '../../src/api/ocm/index.js';
import { BACKUPS, RESTORES, type Backup, type Restore } from '../../src/api/velero/index.js';
import { CONFIGMAPS, SECRETS, type KubeObject } from '../../src/kube/index.js';
import { pino } from 'pino';
import { deleteVeleroBackup } from '../../src/backup/schedule/index.js';
import { waitFor } from '../support/index.js';
import {
  HubPair,
  NS,
  activateManagedClusters,
  applyPassiveSync,
  SCHEDULE_ACM,
  SLOW_MS,
  backupNames,
  getBackupSchedule,
  getRestore,
  getOrUndefined,
  scheduleSlot,
  startBackups,
  waitRestorePhase,
  type TestHub,
} from './restore-harness.js';

const RESTORE = 'restore-acm-passive-sync';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.msa-token-for-imported-msa.sig';

// The namespace first: accepting the ManagedCluster makes the hub create it too, and kubectl apply
// fails with AlreadyExists when that lands between its lookup and its create.
const cluster = (name: string, url?: string, labels: Record<string, string> = {}) => `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
---
apiVersion: cluster.open-cluster-management.io/v1
kind: ManagedCluster
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec:
  hubAcceptsClient: true
${url ? `  managedClusterClientConfigs:\n  - url: ${url}\n` : ''}`;

/**
 * What the ManagedServiceAccount add-on leaves on the hub for an imported cluster: the MSA and its
 * token secret (no add-on agent runs here, so both are written as it would write them).
 */
const msaSecret = (namespace: string, token: string) => `apiVersion: authentication.open-cluster-management.io/v1beta1
kind: ManagedServiceAccount
metadata:
  name: auto-import-account
  namespace: ${namespace}
  labels: {authentication.open-cluster-management.io/is-managed-serviceaccount: auto-import-account}
spec:
  rotation: {enabled: true, validity: 240h0m0s}
---
apiVersion: v1
kind: Secret
metadata:
  name: auto-import-account
  namespace: ${namespace}
  labels:
    authentication.open-cluster-management.io/is-managed-serviceaccount: "true"
    cluster.open-cluster-management.io/backup: msa
data:
  token: ${Buffer.from(token).toString('base64')}
`;

/** A fleet as the documentation's hubs have it: hive-created and imported clusters, the local cluster. */
const FLEET = [
  'apiVersion: addon.open-cluster-management.io/v1alpha1\nkind: ClusterManagementAddOn\nmetadata: {name: managed-serviceaccount}\nspec: {}\n',
  cluster('local-cluster', 'https://hub-1.example.com:6443', { 'local-cluster': 'true', 'velero.io/exclude-from-backup': 'true' }),
  cluster('hive-cluster', 'https://api.hive-cluster.example.com:6443'),
  `apiVersion: hive.openshift.io/v1
kind: ClusterDeployment
metadata:
  name: hive-cluster
  namespace: hive-cluster
spec:
  clusterName: hive-cluster
  baseDomain: example.com
  platform: {aws: {region: eu-west-1}}
  installed: true
---
apiVersion: v1
kind: Secret
metadata:
  name: hive-cluster-admin-kubeconfig
  namespace: hive-cluster
  labels: {hive.openshift.io/secret-type: kubeconfig}
stringData: {kubeconfig: "apiVersion: v1\\nkind: Config\\n"}
`,
  cluster('imported-msa', 'https://api.imported-msa.example.com:6443'),
  msaSecret('imported-msa', TOKEN),
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: activation-data
  namespace: imported-msa
  labels: {cluster.open-cluster-management.io/backup: cluster-activation}
data: {restored: at-activation}
`,
  cluster('imported-badtoken', 'https://api.imported-badtoken.example.com:6443'),
  msaSecret('imported-badtoken', '{not: [yaml'),
  cluster('imported-nomsa', 'https://api.imported-nomsa.example.com:6443'),
  cluster('imported-nourl'),
  `apiVersion: v1
kind: Namespace
metadata:
  name: apps
---
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: Placement
metadata: {name: placement-1, namespace: apps}
spec: {clusterSets: [default]}
---
apiVersion: v1
kind: Secret
metadata:
  name: cloud-secret
  namespace: apps
  labels: {cluster.open-cluster-management.io/type: aws}
stringData: {aws_access_key_id: AKIAEXAMPLE}
`,
].join('---\n');

async function exists(hub: TestHub, ref: Parameters<typeof getOrUndefined>[1], name: string, namespace?: string): Promise<boolean> {
  return (await getOrUndefined(hub.client, ref, name, namespace)) !== undefined;
}

describe('disaster recovery: passive hub, activation, failback collision', () => {
  const pair = new HubPair();
  let hub1: TestHub;
  let hub2: TestHub;

  before(async () => {
    await pair.init();
    [hub1, hub2] = await Promise.all([pair.start('1'), pair.start('2')]);
  });
  after(async () => {
    await pair.teardown();
  });

  it('runs the documentation’s flow', { timeout: 15 * 60_000 }, async () => {
    assert.notEqual(hub1.id, hub2.id);
    await hub1.k(['apply', '-f', '-'], FLEET);
    const stamp1 = await startBackups(hub1, [hub2], SCHEDULE_ACM.replace('veleroTtl: 120h', 'veleroTtl: 120h\n  useManagedServiceAccount: true'));

    // Hub 2: the passive-sync Restore of the documentation, with a short interval.
    await applyPassiveSync(hub2, RESTORE);
    let restore = await waitRestorePhase(hub2, RESTORE, ['Enabled'], 'first sync');
    assert.equal(restore.status?.lastMessage, MSG_SYNC_ENABLED);
    assert.ok(restore.status?.completionTimestamp);
    assert.ok(await exists(hub2, PLACEMENTS, 'placement-1', 'apps'), 'resources restored while passive');
    assert.ok(await exists(hub2, SECRETS, 'cloud-secret', 'apps'), 'credentials restored while passive');
    assert.ok(await exists(hub2, SECRETS, 'auto-import-account', 'imported-msa'), 'MSA tokens are restored while passive');
    assert.ok(await exists(hub2, SECRETS, 'hive-cluster-admin-kubeconfig', 'hive-cluster'), 'hive secrets are restored while passive');
    assert.equal(await exists(hub2, CONFIGMAPS, 'activation-data', 'imported-msa'), false, 'cluster-activation data is not restored while passive');
    assert.deepEqual((await hub2.client.list(MANAGED_CLUSTERS)).items, [], 'no managed clusters while passive');
    assert.equal(await exists(hub2, CLUSTER_DEPLOYMENTS, 'hive-cluster', 'hive-cluster'), false);

    // Hub 1 changes; its next backups reach hub 2's next sync: added objects appear, deleted ones go.
    await hub1.k(
      ['apply', '-f', '-'],
      'apiVersion: cluster.open-cluster-management.io/v1beta1\nkind: Placement\nmetadata: {name: placement-2, namespace: apps}\nspec: {clusterSets: [default]}\n',
    );
    await hub1.k(['delete', 'placement.cluster.open-cluster-management.io', 'placement-1', '-n', 'apps']);
    await hub1.k(['delete', 'secret', 'cloud-secret', '-n', 'apps']);
    const stamp = await scheduleSlot(hub1, [hub2]);
    await waitFor(
      'hub 1’s changes on hub 2 after the next sync',
      async () =>
        (await exists(hub2, PLACEMENTS, 'placement-2', 'apps')) &&
        !(await exists(hub2, PLACEMENTS, 'placement-1', 'apps')) &&
        !(await exists(hub2, SECRETS, 'cloud-secret', 'apps')),
      SLOW_MS,
      200,
    );
    restore = await waitRestorePhase(hub2, RESTORE, ['Enabled'], 'after the second sync');
    assert.equal(restore.status?.veleroResourcesRestoreName, `${RESTORE}-acm-resources-schedule-${stamp}`);
    assert.equal(await exists(hub2, CONFIGMAPS, 'activation-data', 'imported-msa'), false);

    // The first backups expire on hub 1: once they leave the storage, hub 2 deletes the velero
    // restores that read them (§4.9); the tracked ones stay.
    for (const name of backupNames(stamp1)) {
      const backup = await hub1.client.get<Backup>(BACKUPS, name, { namespace: NS });
      await deleteVeleroBackup(hub1.client, backup, pino({ level: 'silent' }));
    }
    const stale = (await hub2.client.list<Restore>(RESTORES, { namespace: NS })).items
      .filter((r) => r.metadata.name?.endsWith(stamp1))
      .map((r) => r.metadata.name);
    assert.equal(stale.length, 3, 'the first sync’s velero restores are still there');
    await waitFor(
      'the velero restores of the deleted backups removed on hub 2',
      async () => !(await hub2.client.list<Restore>(RESTORES, { namespace: NS })).items.some((r) => r.metadata.name?.endsWith(stamp1)),
      SLOW_MS,
      200,
    );
    assert.equal((await getRestore(hub2, RESTORE)).status?.veleroResourcesRestoreName, `${RESTORE}-acm-resources-schedule-${stamp}`);

    // Hub 1 is lost. Hub 2 activates the managed clusters.
    await hub1.stop();
    await activateManagedClusters(hub2, RESTORE);
    restore = await waitRestorePhase(hub2, RESTORE, ['Finished', 'FinishedWithErrors'], 'activation');
    assert.equal(restore.status?.phase, 'Finished', restore.status?.lastMessage);
    assert.equal(restore.status?.lastMessage, MSG_FINISHED);
    assert.equal(restore.status?.veleroManagedClustersRestoreName, `${RESTORE}-acm-managed-clusters-schedule-${stamp}`);

    const clusters = (await hub2.client.list<ManagedCluster & KubeObject>(MANAGED_CLUSTERS)).items.map((c) => c.metadata?.name).sort();
    assert.deepEqual(clusters, ['hive-cluster', 'imported-badtoken', 'imported-msa', 'imported-nomsa', 'imported-nourl'], 'the local cluster is not restored');
    assert.ok(await exists(hub2, CLUSTER_DEPLOYMENTS, 'hive-cluster', 'hive-cluster'));
    assert.ok(await exists(hub2, CONFIGMAPS, 'activation-data', 'imported-msa'), 'cluster-activation data restored at activation');
    const actives = (await hub2.client.list<Restore>(RESTORES, { namespace: NS })).items.map((r) => r.metadata.name).filter((n) => n?.endsWith('-active'));
    assert.deepEqual(actives.sort(), [`${RESTORE}-acm-credentials-schedule-${stamp}-active`, `${RESTORE}-acm-resources-generic-schedule-${stamp}-active`]);

    // §5.3: exactly one message per cluster, in the spec's words.
    assert.deepEqual(
      [...(restore.status?.messages ?? [])].sort(),
      [
        msgAutoImportSecretCreated('imported-msa'),
        msgInvalidMsaToken('imported-badtoken', 'auto-import-account'),
        msgNoMsaSecret('hive-cluster'),
        msgNoMsaSecret('imported-nomsa'),
        msgNoServerUrl('imported-nourl'),
      ].sort(),
    );
    const secret = await hub2.client.get<KubeObject & { type?: string; data?: Record<string, string> }>(SECRETS, AUTO_IMPORT_SECRET, {
      namespace: 'imported-msa',
    });
    assert.equal(secret.type, 'Opaque');
    assert.equal(secret.metadata?.labels?.[LABEL_RESTORE_AUTO_IMPORT_SECRET], 'true');
    assert.equal(secret.metadata?.annotations?.[ANNOTATION_KEEPING_AUTO_IMPORT_SECRET], '');
    const data = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    assert.deepEqual(data, { autoImportRetry: '5', server: 'https://api.imported-msa.example.com:6443', token: TOKEN });
    await assertImportInputs(hub2);

    // The activation record, with its labels.
    const records = (await hub2.client.list<Backup>(BACKUPS, { namespace: NS, labelSelector: LABEL_RESTORE_CLUSTER })).items;
    assert.equal(records.length, 1);
    assert.match(records[0].metadata.name ?? '', /^acm-restore-clusters-\d{14}$/);
    const labels = records[0].metadata.labels ?? {};
    assert.equal(labels[LABEL_ACM_HUB_DR], 'true');
    assert.equal(labels[LABEL_ACM_RESTORE_NAME], RESTORE);
    assert.equal(labels[LABEL_RESTORED_MANAGED_CLUSTERS_BACKUP], `acm-managed-clusters-schedule-${stamp}`);
    assert.equal(labels[LABEL_RESTORE_CLUSTER], hub2.id);
    assert.equal(labels[LABEL_BACKUP_CLUSTER], hub1.id);
    await waitFor(
      'the activation record backed up',
      async () => (await getOrUndefined<Backup>(hub2.client, BACKUPS, records[0].metadata.name ?? '', NS))?.status?.phase === 'Completed',
      SLOW_MS,
      200,
    );

    // Hub 2 is the active hub now: its BackupSchedule backs up.
    await hub2.k(['apply', '-f', '-'], SCHEDULE_ACM);
    await waitFor('hub 2’s BackupSchedule Enabled', async () => (await getBackupSchedule(hub2))?.status?.phase === 'Enabled', SLOW_MS, 200);
    let hub2Resources: Backup | undefined;
    await waitFor(
      'hub 2’s first backups Completed',
      async () => {
        const own = (
          await hub2.client.list<Backup>(BACKUPS, {
            namespace: NS,
            labelSelector: `${LABEL_BACKUP_SCHEDULE_NAME}=schedule-acm,${LABEL_BACKUP_CLUSTER}=${hub2.id}`,
          })
        ).items;
        hub2Resources = own.find((b) => b.metadata.name?.startsWith('acm-resources-schedule-'));
        return own.length === 5 && own.every((b) => b.status?.phase === 'Completed');
      },
      SLOW_MS,
      200,
    );
    assert.equal((await getBackupSchedule(hub2))?.status?.phase, 'Enabled', 'hub 2’s own activation record keeps it out of collision (§3.3)');

    // Hub 1 comes back: its BackupSchedule is no longer the active one.
    hub1 = await pair.start('1', [], hub1.dataDir);
    let collided: string | undefined;
    await waitFor(
      'hub 1’s BackupSchedule in BackupCollision',
      async () => {
        const bsch = await getBackupSchedule(hub1);
        collided = bsch?.status?.phase === 'BackupCollision' ? bsch.status.lastMessage : undefined;
        return collided !== undefined;
      },
      SLOW_MS,
      200,
    );
    const restoredElsewhere = msgCollisionRestoredElsewhere(hub2.id, records[0].metadata.name ?? '');
    const foreign = msgCollisionForeignBackup(hub2Resources?.metadata.name ?? '', hub2.id, hub1.id);
    assert.ok(collided === restoredElsewhere || collided === foreign, `collision message: ${collided}`);
    assert.equal((await getBackupSchedule(hub2))?.status?.phase, 'Enabled');
  });
});

/**
 * What decides where each cluster's agent goes (§5.3): only imported-msa has an auto-import
 * secret and the immediate-import annotation; the hive cluster's admin kubeconfig is restored;
 * the other imported clusters get nothing, so their agents stay with the old hub (Pending Import).
 */
async function assertImportInputs(hub: TestHub): Promise<void> {
  for (const name of ['hive-cluster', 'imported-badtoken', 'imported-msa', 'imported-nomsa', 'imported-nourl']) {
    const mc = await hub.client.get<ManagedCluster & KubeObject>(MANAGED_CLUSTERS, name);
    const annotated = mc.metadata?.annotations?.[ANNOTATION_IMMEDIATE_IMPORT] !== undefined;
    const secret = await exists(hub, SECRETS, AUTO_IMPORT_SECRET, name);
    assert.equal(annotated, name === 'imported-msa', `immediate-import on ${name}`);
    assert.equal(secret, name === 'imported-msa', `auto-import-secret for ${name}`);
  }
  assert.ok(await exists(hub, SECRETS, 'hive-cluster-admin-kubeconfig', 'hive-cluster'), 'the hive admin kubeconfig the import controller reconnects with');
}

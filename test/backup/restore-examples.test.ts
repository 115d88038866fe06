// The documentation's Restore examples applied with the real kubectl on a hub that restores another
// hub's backups from the shared storage (two `lifeboat up`), as a user would: what each restores,
// the phases and messages (hub-backup.md §4.2–4.7), `kubectl describe restore` (decision 4),
// exclusivity and the BackupSchedule interplay in both directions (§4.11), and the webhook's
// rules (decision 9).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rename, rm, writeFile } from 'node:fs/promises';
import {
  EVENT_REASON_HOOKS_NOT_SUPPORTED,
  LABEL_ACM_RESTORE_NAME,
  LABEL_RESTORE_CLUSTER,
  MSG_FINISHED,
  MSG_SYNC_ENABLED,
  MSG_SYNC_MUST_START_WITH_SKIP,
  msgBackupScheduleActive,
  msgInvalidCleanupValue,
  msgNothingToDo,
  msgOtherRestoreActive,
  msgProtectedNamespaceMapping,
  msgRestoreBslNotAvailable,
  msgRestoreActiveBlocksSchedule,
  msgSyncCredentialsValue,
  msgSyncManagedClustersValue,
  msgWaitingForPvcs,
} from '../../src/api/backup/index.js';
import { MANAGED_CLUSTERS, PLACEMENTS } from '../../src/api/ocm/index.js';
import { BACKUPS, RESTORES, type Backup, type Restore } from '../../src/api/velero/index.js';
import { OBSERVABILITY_NAMESPACE, OBSERVABILITY_SIGNER_SECRET } from '../../src/backup/restore/post-restore/index.js';
import { CONFIGMAPS, NAMESPACES, SECRETS } from '../../src/kube/index.js';
import { waitFor } from '../support/index.js';
import {
  APPS_CONTENT,
  HubPair,
  NS,
  SCHEDULE_ACM,
  SLOW_MS,
  deleteRestore,
  getBackupSchedule,
  getOrUndefined,
  getRestore,
  restoreYaml,
  scheduleSlot,
  startBackups,
  waitRestorePhase,
  type TestHub,
} from './restore-harness.js';

/**
 * What hub A holds: a managed cluster with activation data, resources, credentials, generic
 * resources. The namespace comes first: accepting the cluster makes the hub create it too.
 */
const CONTENT = `apiVersion: v1
kind: Namespace
metadata: {name: managed-1}
---
apiVersion: cluster.open-cluster-management.io/v1
kind: ManagedCluster
metadata: {name: managed-1}
spec:
  hubAcceptsClient: true
  managedClusterClientConfigs: [{url: "https://api.managed-1.example.com:6443"}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: activation-data
  namespace: managed-1
  labels: {cluster.open-cluster-management.io/backup: cluster-activation}
data: {at: activation}
---
${APPS_CONTENT}`;

const ALL = { veleroManagedClustersBackupName: 'latest', veleroCredentialsBackupName: 'latest', veleroResourcesBackupName: 'latest' };
const PASSIVE = { veleroManagedClustersBackupName: 'skip', veleroCredentialsBackupName: 'latest', veleroResourcesBackupName: 'latest' };
const CLUSTERS_ONLY = { veleroManagedClustersBackupName: 'latest', veleroCredentialsBackupName: 'skip', veleroResourcesBackupName: 'skip' };

async function veleroRestoresOf(hub: TestHub, restore: string): Promise<Restore[]> {
  return (await hub.client.list<Restore>(RESTORES, { namespace: NS })).items.filter((r) => r.metadata.ownerReferences?.some((o) => o.name === restore));
}

/** Restored objects lose their clusters and data between examples: each example starts from the same hub B. */
async function resetRestoredState(hub: TestHub): Promise<void> {
  for (const [ref, name, ns] of [
    [MANAGED_CLUSTERS, 'managed-1', undefined],
    [NAMESPACES, 'managed-1', undefined],
    [NAMESPACES, 'apps', undefined],
  ] as const) {
    await hub.client.delete(ref, name, { namespace: ns }).catch(() => undefined);
  }
  await waitFor(
    'namespaces gone',
    async () => !(await getOrUndefined(hub.client, NAMESPACES, 'apps')) && !(await getOrUndefined(hub.client, NAMESPACES, 'managed-1')),
    SLOW_MS,
    200,
  );
}

describe('the documentation’s Restore examples', () => {
  const pair = new HubPair();
  let a: TestHub;
  let b: TestHub;
  let stamp1 = '';
  let stamp2 = '';

  before(async () => {
    await pair.init();
    [a, b] = await Promise.all([pair.start('a'), pair.start('b')]);
    await a.k(['apply', '-f', '-'], CONTENT);
    stamp1 = await startBackups(a, [b]);
    stamp2 = await scheduleSlot(a, [b]);
  });
  after(async () => {
    await pair.teardown();
  });

  it('`skip` for all backups: Nothing to do', async () => {
    await b.k(
      ['apply', '-f', '-'],
      restoreYaml('restore-acm-skip', {
        cleanupBeforeRestore: 'None',
        veleroManagedClustersBackupName: 'skip',
        veleroCredentialsBackupName: 'skip',
        veleroResourcesBackupName: 'skip',
      }),
    );
    const r = await waitRestorePhase(b, 'restore-acm-skip', ['Finished', 'FinishedWithErrors']);
    assert.equal(r.status?.phase, 'Finished');
    assert.equal(r.status?.lastMessage, msgNothingToDo('restore-acm-skip'));
    assert.deepEqual(await veleroRestoresOf(b, 'restore-acm-skip'), []);
    await deleteRestore(b, 'restore-acm-skip');
  });

  it('restore-acm-passive: resources and credentials, no managed clusters, no activation data', async () => {
    await b.k(['apply', '-f', '-'], restoreYaml('restore-acm-passive', { cleanupBeforeRestore: 'CleanupRestored', ...PASSIVE }));
    const r = await waitRestorePhase(b, 'restore-acm-passive', ['Finished', 'FinishedWithErrors']);
    assert.equal(r.status?.lastMessage, MSG_FINISHED);
    assert.ok(r.status?.completionTimestamp);
    assert.equal(r.status?.veleroCredentialsRestoreName, `restore-acm-passive-acm-credentials-schedule-${stamp2}`);
    assert.equal(r.status?.veleroResourcesRestoreName, `restore-acm-passive-acm-resources-schedule-${stamp2}`);
    assert.equal(r.status?.veleroGenericResourcesRestoreName, `restore-acm-passive-acm-resources-generic-schedule-${stamp2}`);
    assert.equal(r.status?.veleroManagedClustersRestoreName, undefined);
    assert.ok(await getOrUndefined(b.client, PLACEMENTS, 'placement-a', 'apps'));
    assert.ok(await getOrUndefined(b.client, PLACEMENTS, 'generic-a', 'apps'));
    assert.ok(await getOrUndefined(b.client, SECRETS, 'cloud-secret', 'apps'));
    assert.equal(await getOrUndefined(b.client, MANAGED_CLUSTERS, 'managed-1'), undefined);
    assert.equal(await getOrUndefined(b.client, CONFIGMAPS, 'activation-data', 'managed-1'), undefined);
    assert.deepEqual((await veleroRestoresOf(b, 'restore-acm-passive')).map((v) => v.metadata.name).sort(), [
      `restore-acm-passive-acm-credentials-schedule-${stamp2}`,
      `restore-acm-passive-acm-resources-generic-schedule-${stamp2}`,
      `restore-acm-passive-acm-resources-schedule-${stamp2}`,
    ]);
    await deleteRestore(b, 'restore-acm-passive');
  });

  it('restore-acm-passive-activate: the managed clusters and their activation data (decision 3)', async () => {
    await b.k(['apply', '-f', '-'], restoreYaml('restore-acm-passive-activate', { cleanupBeforeRestore: 'CleanupRestored', ...CLUSTERS_ONLY }));
    const r = await waitRestorePhase(b, 'restore-acm-passive-activate', ['Finished', 'FinishedWithErrors']);
    assert.equal(r.status?.lastMessage, MSG_FINISHED);
    assert.equal(r.status?.veleroManagedClustersRestoreName, `restore-acm-passive-activate-acm-managed-clusters-schedule-${stamp2}`);
    assert.ok(await getOrUndefined(b.client, MANAGED_CLUSTERS, 'managed-1'));
    assert.ok(await getOrUndefined(b.client, CONFIGMAPS, 'activation-data', 'managed-1'), 'restored by the -active credentials restore');
    assert.deepEqual((await veleroRestoresOf(b, 'restore-acm-passive-activate')).map((v) => v.metadata.name).sort(), [
      `restore-acm-passive-activate-acm-credentials-schedule-${stamp2}-active`,
      `restore-acm-passive-activate-acm-managed-clusters-schedule-${stamp2}`,
      `restore-acm-passive-activate-acm-resources-generic-schedule-${stamp2}-active`,
    ]);
    assert.deepEqual(r.status?.messages, ['No suitable MSA secret found for cluster (managed-1)']);
    await deleteRestore(b, 'restore-acm-passive-activate');
    await resetRestoredState(b);
  });

  it('managed clusters only, from a named backup', async () => {
    const named = `acm-managed-clusters-schedule-${stamp1}`;
    await b.k(
      ['apply', '-f', '-'],
      restoreYaml('restore-acm-named', { cleanupBeforeRestore: 'None', ...CLUSTERS_ONLY, veleroManagedClustersBackupName: named }),
    );
    const r = await waitRestorePhase(b, 'restore-acm-named', ['Finished', 'FinishedWithErrors']);
    assert.equal(r.status?.lastMessage, MSG_FINISHED);
    const velero = await veleroRestoresOf(b, 'restore-acm-named');
    assert.deepEqual(velero.map((v) => [v.metadata.name, v.spec?.backupName]).sort(), [
      [`restore-acm-named-acm-credentials-schedule-${stamp1}-active`, `acm-credentials-schedule-${stamp1}`],
      [`restore-acm-named-acm-managed-clusters-schedule-${stamp1}`, named],
      [`restore-acm-named-acm-resources-generic-schedule-${stamp1}-active`, `acm-resources-generic-schedule-${stamp1}`],
    ]);
    assert.ok(await getOrUndefined(b.client, MANAGED_CLUSTERS, 'managed-1'));
    assert.equal(await getOrUndefined(b.client, PLACEMENTS, 'placement-a', 'apps'), undefined, 'resources are skipped');
    await deleteRestore(b, 'restore-acm-named');
    await resetRestoredState(b);
  });

  it('managed clusters wait for the PVCs that backup-pvc ConfigMaps name (§4.5)', async () => {
    await b.k(['create', 'namespace', 'storage-app']);
    await b.k(['create', 'configmap', 'needs-pvc', '-n', 'storage-app']);
    await b.k(['label', 'configmap', 'needs-pvc', '-n', 'storage-app', 'cluster.open-cluster-management.io/backup-pvc=data-volume']);
    await b.k(['apply', '-f', '-'], restoreYaml('restore-acm-pvc', { cleanupBeforeRestore: 'None', ...CLUSTERS_ONLY }));
    await waitFor(
      'the PVC wait',
      async () => (await getRestore(b, 'restore-acm-pvc')).status?.lastMessage === msgWaitingForPvcs([{ name: 'data-volume', namespace: 'storage-app' }]),
      SLOW_MS,
      200,
    );
    assert.equal((await getRestore(b, 'restore-acm-pvc')).status?.phase, 'Started');
    assert.equal(
      (await veleroRestoresOf(b, 'restore-acm-pvc')).some((r) => r.metadata.name?.includes('managed-clusters')),
      false,
      'no managed-clusters restore yet',
    );
    await b.k(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data-volume, namespace: storage-app}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n',
    );
    const r = await waitRestorePhase(b, 'restore-acm-pvc', ['Finished', 'FinishedWithErrors']);
    assert.equal(r.status?.lastMessage, MSG_FINISHED);
    assert.ok(await getOrUndefined(b.client, MANAGED_CLUSTERS, 'managed-1'));
    await deleteRestore(b, 'restore-acm-pvc');
    await b.k(['delete', 'namespace', 'storage-app', '--wait=false']);
    await resetRestoredState(b);
  });

  it('restore-acm (all latest): everything, and `kubectl describe restore` lists the events as the documentation shows them', async () => {
    await b.k(['create', 'namespace', OBSERVABILITY_NAMESPACE]);
    await b.k(['create', 'secret', 'generic', OBSERVABILITY_SIGNER_SECRET, '-n', OBSERVABILITY_NAMESPACE, '--from-literal=tls.crt=x']);
    await b.k(['apply', '-f', '-'], restoreYaml('restore-acm', { cleanupBeforeRestore: 'CleanupRestored', ...ALL }));
    const r = await waitRestorePhase(b, 'restore-acm', ['Finished', 'FinishedWithErrors']);
    assert.equal(r.status?.lastMessage, MSG_FINISHED);
    // §5.2: the observability signer certificate is removed (ACM-8406); each activation is recorded
    // in an acm-restore-clusters Backup and only the newest record stays (the earlier examples
    // activated too).
    assert.equal(await getOrUndefined(b.client, SECRETS, OBSERVABILITY_SIGNER_SECRET, OBSERVABILITY_NAMESPACE), undefined);
    const records = await waitFor(
      'the earlier activation records deleted',
      async () => {
        const items = (await b.client.list<Backup>(BACKUPS, { namespace: NS, labelSelector: LABEL_RESTORE_CLUSTER })).items;
        return items.length === 1 && items;
      },
      SLOW_MS,
      200,
    );
    assert.match(records[0].metadata.name ?? '', /^acm-restore-clusters-\d{14}$/);
    assert.equal(records[0].metadata.labels?.[LABEL_ACM_RESTORE_NAME], 'restore-acm');
    for (const [ref, name, ns] of [
      [MANAGED_CLUSTERS, 'managed-1', undefined],
      [CONFIGMAPS, 'activation-data', 'managed-1'],
      [PLACEMENTS, 'placement-a', 'apps'],
      [PLACEMENTS, 'generic-a', 'apps'],
      [SECRETS, 'cloud-secret', 'apps'],
    ] as const) {
      assert.ok(await getOrUndefined(b.client, ref, name, ns), `${name} restored`);
    }
    const described = await b.k(['describe', 'restores.cluster.open-cluster-management.io', 'restore-acm', '-n', NS]);
    const events = described.slice(described.indexOf('Events:'));
    const rows = events
      .split('\n')
      .slice(3)
      .filter((l) => l.trim() !== '');
    const created = rows.filter((l) => /^\s*Normal\s+Velero restore created:\s/.test(l)).map((l) => l.trim().split(/\s+/).pop());
    assert.deepEqual(created.sort(), (await veleroRestoresOf(b, 'restore-acm')).map((v) => v.metadata.name).sort(), events);
    assert.equal(created.length, 6);
    const cleaned = rows.filter((l) => /^\s*Normal\s+Prepare to restore:\s/.test(l)).map((l) => l.slice(l.indexOf('Cleaning up resources for backup ')).trim());
    assert.deepEqual(
      cleaned.sort(),
      [
        `Cleaning up resources for backup acm-credentials-schedule-${stamp2}`,
        `Cleaning up resources for backup acm-managed-clusters-schedule-${stamp2}`,
        `Cleaning up resources for backup acm-resources-generic-schedule-${stamp2}`,
        `Cleaning up resources for backup acm-resources-schedule-${stamp2}`,
      ],
      events,
    );
    await deleteRestore(b, 'restore-acm');
    await resetRestoredState(b);
  });

  it('the webhook’s rules and the cleanup value give their messages (decision 9)', async () => {
    const cases: [string, Record<string, string | boolean>, string][] = [
      ['bad-cleanup', { cleanupBeforeRestore: 'CleanupSome', ...PASSIVE }, msgInvalidCleanupValue('CleanupSome')],
      ['sync-activate-first', { syncRestoreWithNewBackups: true, cleanupBeforeRestore: 'None', ...ALL }, MSG_SYNC_MUST_START_WITH_SKIP],
      [
        'sync-named',
        { syncRestoreWithNewBackups: true, cleanupBeforeRestore: 'None', ...PASSIVE, veleroCredentialsBackupName: `acm-credentials-schedule-${stamp1}` },
        msgSyncCredentialsValue(`acm-credentials-schedule-${stamp1}`),
      ],
      [
        'sync-mc-named',
        { syncRestoreWithNewBackups: true, cleanupBeforeRestore: 'None', ...PASSIVE, veleroManagedClustersBackupName: 'Some-Backup' },
        msgSyncManagedClustersValue('some-backup'),
      ],
    ];
    for (const [name, spec, message] of cases) {
      await b.k(['apply', '-f', '-'], restoreYaml(name, spec));
      const r = await waitRestorePhase(b, name, ['FinishedWithErrors', 'Finished']);
      assert.equal(r.status?.phase, 'FinishedWithErrors', name);
      assert.equal(r.status?.lastMessage, message, name);
      assert.ok(r.status?.completionTimestamp);
      assert.deepEqual(await veleroRestoresOf(b, name), []);
      await deleteRestore(b, name);
    }
    await b.k(
      ['apply', '-f', '-'],
      `${restoreYaml('protected-mapping', { cleanupBeforeRestore: 'None', ...PASSIVE })}  namespaceMapping:\n    apps: kube-apps\n`,
    );
    const mapped = await waitRestorePhase(b, 'protected-mapping', ['FinishedWithErrors', 'Finished']);
    assert.equal(mapped.status?.lastMessage, msgProtectedNamespaceMapping('apps', 'kube-apps'));
    await deleteRestore(b, 'protected-mapping');

    // Hooks are ignored with a Warning event (decision 8); the restore itself runs.
    await b.k(
      ['apply', '-f', '-'],
      `${restoreYaml('with-hooks', { cleanupBeforeRestore: 'None', veleroManagedClustersBackupName: 'skip', veleroCredentialsBackupName: 'latest', veleroResourcesBackupName: 'skip' })}  hooks:\n    resources:\n    - name: h\n`,
    );
    const hooked = await waitRestorePhase(b, 'with-hooks', ['Finished', 'FinishedWithErrors']);
    assert.equal(hooked.status?.lastMessage, MSG_FINISHED);
    const described = await b.k(['describe', 'restores.cluster.open-cluster-management.io', 'with-hooks', '-n', NS]);
    assert.match(described, new RegExp(`Warning\\s+${EVENT_REASON_HOOKS_NOT_SUPPORTED}\\s`));
    await deleteRestore(b, 'with-hooks');
  });

  it('finalizers follow the cluster-backup InternalHubComponent (§4.1)', async () => {
    const IHC = {
      group: 'operator.open-cluster-management.io',
      version: 'v1',
      plural: 'internalhubcomponents',
      namespaced: true,
      kind: 'InternalHubComponent',
    };
    const ACM_RESTORES = { group: 'cluster.open-cluster-management.io', version: 'v1beta1', plural: 'restores', namespaced: true, kind: 'Restore' };
    await b.k(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: open-cluster-management}\n---\napiVersion: operator.open-cluster-management.io/v1\nkind: InternalHubComponent\nmetadata: {name: cluster-backup, namespace: open-cluster-management}\nspec: {}\n',
    );
    const passive = { syncRestoreWithNewBackups: true, restoreSyncInterval: '2s', cleanupBeforeRestore: 'None', ...PASSIVE };
    const finalizersOf = async (ref: typeof IHC, name: string, ns: string) => (await getOrUndefined(b.client, ref, name, ns))?.metadata?.finalizers ?? [];
    const FINALIZER = 'restores.cluster.open-cluster-management.io/finalizer';

    await b.k(['apply', '-f', '-'], restoreYaml('with-finalizer', passive));
    await waitRestorePhase(b, 'with-finalizer', ['Enabled']);
    assert.deepEqual(await finalizersOf(ACM_RESTORES, 'with-finalizer', NS), [FINALIZER]);
    assert.deepEqual(await finalizersOf(IHC, 'cluster-backup', 'open-cluster-management'), [FINALIZER]);
    assert.equal((await veleroRestoresOf(b, 'with-finalizer')).length, 3);
    await b.k(['delete', 'restores.cluster.open-cluster-management.io', 'with-finalizer', '-n', NS, '--wait=false']);
    await waitFor(
      'the Restore gone after its velero restores',
      async () => !(await getOrUndefined(b.client, ACM_RESTORES, 'with-finalizer', NS)),
      SLOW_MS,
      200,
    );
    assert.deepEqual(await veleroRestoresOf(b, 'with-finalizer'), []);
    assert.deepEqual(await finalizersOf(IHC, 'cluster-backup', 'open-cluster-management'), [], 'the last Restore releases the component');

    // The component going away takes the Restores with it.
    await b.k(['apply', '-f', '-'], restoreYaml('taken-along', passive));
    await waitRestorePhase(b, 'taken-along', ['Enabled']);
    await waitFor('component finalizer', async () => (await finalizersOf(IHC, 'cluster-backup', 'open-cluster-management')).length === 1, SLOW_MS, 200);
    await b.k(['delete', 'internalhubcomponents.operator.open-cluster-management.io', 'cluster-backup', '-n', 'open-cluster-management', '--wait=false']);
    await waitFor(
      'the Restore and then the component gone',
      async () =>
        !(await getOrUndefined(b.client, ACM_RESTORES, 'taken-along', NS)) &&
        !(await getOrUndefined(b.client, IHC, 'cluster-backup', 'open-cluster-management')),
      SLOW_MS,
      200,
    );
  });

  it('one active Restore at a time; a spec edit is checked; BackupSchedule and Restore block each other (§4.11)', async () => {
    const passive = { syncRestoreWithNewBackups: true, restoreSyncInterval: '2s', cleanupBeforeRestore: 'None', ...PASSIVE };
    await b.k(['apply', '-f', '-'], restoreYaml('passive-1', passive));
    assert.equal((await waitRestorePhase(b, 'passive-1', ['Enabled'])).status?.lastMessage, MSG_SYNC_ENABLED);

    await b.k(['apply', '-f', '-'], restoreYaml('second', { cleanupBeforeRestore: 'None', ...ALL }));
    const second = await waitRestorePhase(b, 'second', ['FinishedWithErrors', 'Finished']);
    assert.equal(second.status?.lastMessage, msgOtherRestoreActive('passive-1'));
    await deleteRestore(b, 'second');

    // An edit the webhook would refuse ends the Restore; the phase moving on never does.
    await b.k([
      'patch',
      'restores.cluster.open-cluster-management.io',
      'passive-1',
      '-n',
      NS,
      '--type',
      'merge',
      '-p',
      '{"spec":{"veleroCredentialsBackupName":"skip"}}',
    ]);
    const edited = await waitRestorePhase(b, 'passive-1', ['FinishedWithErrors']);
    assert.equal(edited.status?.lastMessage, msgSyncCredentialsValue('skip'));
    await deleteRestore(b, 'passive-1');

    // A BackupSchedule cannot start while a Restore is active; the Restore then stops for it.
    await b.k(['apply', '-f', '-'], restoreYaml('passive-2', passive));
    await waitRestorePhase(b, 'passive-2', ['Enabled']);
    await b.k(['apply', '-f', '-'], SCHEDULE_ACM.replace('veleroTtl: 120h', 'veleroTtl: 120h\n  noBackupOnStart: true'));
    await waitFor(
      'the BackupSchedule blocked by the active Restore',
      async () => (await getBackupSchedule(b))?.status?.lastMessage === msgRestoreActiveBlocksSchedule('passive-2'),
      SLOW_MS,
      200,
    );
    const stopped = await waitRestorePhase(b, 'passive-2', ['FinishedWithErrors']);
    assert.equal(stopped.status?.lastMessage, msgBackupScheduleActive('schedule-acm'));
    await waitFor('the BackupSchedule going ahead', async () => (await getBackupSchedule(b))?.status?.phase !== 'FailedValidation', SLOW_MS, 200);
    await b.k(['delete', 'backupschedules.cluster.open-cluster-management.io', 'schedule-acm', '-n', NS, '--wait=true']);
    await deleteRestore(b, 'passive-2');

    // Anywhere a BackupSchedule is active (here one that failed validation), a new Restore is refused.
    await b.k(['create', 'namespace', 'elsewhere']);
    await b.k(['apply', '-f', '-'], SCHEDULE_ACM.replaceAll(NS, 'elsewhere'));
    await waitFor(
      'schedule',
      async () =>
        (await getOrUndefined(
          b.client,
          { group: 'cluster.open-cluster-management.io', version: 'v1beta1', plural: 'backupschedules', namespaced: true },
          'schedule-acm',
          'elsewhere',
        )) !== undefined,
      SLOW_MS,
      200,
    );
    await b.k(
      ['apply', '-f', '-'],
      restoreYaml('restore-elsewhere', { cleanupBeforeRestore: 'None', ...ALL }).replace(`namespace: ${NS}`, 'namespace: elsewhere'),
    );
    let message = '';
    await waitFor(
      'the Restore refused',
      async () => {
        const r = await getOrUndefined<typeof second>(
          b.client,
          { group: 'cluster.open-cluster-management.io', version: 'v1beta1', plural: 'restores', namespaced: true },
          'restore-elsewhere',
          'elsewhere',
        );
        message = r?.status?.phase === 'FinishedWithErrors' ? (r.status.lastMessage ?? '') : '';
        return message !== '';
      },
      SLOW_MS,
      200,
    );
    assert.equal(message, msgBackupScheduleActive('schedule-acm'));
    await b.k(['delete', 'namespace', 'elsewhere', '--wait=false']);
  });

  it('a storage outage makes a passive Restore EnabledWithErrors; it recovers when the location is back (§4.2 step 7)', async () => {
    const BSLS = { group: 'velero.io', version: 'v1', plural: 'backupstoragelocations', namespaced: true, kind: 'BackupStorageLocation' };
    const bslPhase = async () => ((await b.client.get(BSLS, 'default', { namespace: NS })) as { status?: { phase?: string } }).status?.phase;
    await b.k(
      ['apply', '-f', '-'],
      restoreYaml('passive-outage', { syncRestoreWithNewBackups: true, restoreSyncInterval: '2s', cleanupBeforeRestore: 'None', ...PASSIVE }),
    );
    await waitRestorePhase(b, 'passive-outage', ['Enabled']);
    await b.client.patch(BSLS, 'default', { spec: { validationFrequency: '1s' } }, { type: 'merge', namespace: NS });
    await rename(pair.storage, `${pair.storage}.moved`);
    await writeFile(pair.storage, 'not a directory');
    try {
      await waitFor('location Unavailable', async () => (await bslPhase()) === 'Unavailable', SLOW_MS, 200);
      const failed = await waitRestorePhase(b, 'passive-outage', ['EnabledWithErrors']);
      assert.equal(failed.status?.lastMessage, msgRestoreBslNotAvailable(NS));
    } finally {
      await rm(pair.storage);
      await rename(`${pair.storage}.moved`, pair.storage);
    }
    await waitFor('location Available', async () => (await bslPhase()) === 'Available', SLOW_MS, 200);
    const back = await waitRestorePhase(b, 'passive-outage', ['Enabled']);
    assert.equal(back.status?.lastMessage, MSG_SYNC_ENABLED);
    await deleteRestore(b, 'passive-outage');
  });
});

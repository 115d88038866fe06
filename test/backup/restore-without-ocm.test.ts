// A hub without the optional APIs (decision 6): `lifeboat up --no-ocm-crds` serves no
// InternalHubComponent, ManagedCluster, Hive or MSA API. Restores still run to their documented
// outcome instead of failing their reconcile.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MSG_NO_VELERO_BACKUPS, msgNothingToDo } from '../../src/api/backup/index.js';
import { HubPair, deleteRestore, restoreYaml, waitRestorePhase, type TestHub } from './restore-harness.js';

describe('Restore on a hub without the OCM, Hive and operator APIs', () => {
  const pair = new HubPair();
  let hub: TestHub;
  before(async () => {
    await pair.init();
    hub = await pair.start('bare', ['--no-ocm-crds']);
  });
  after(async () => {
    await pair.teardown();
  });

  it('finishes an all-skip Restore and reports missing backups as an Error', async () => {
    await hub.k(
      ['apply', '-f', '-'],
      restoreYaml('skip-all', {
        cleanupBeforeRestore: 'CleanupAll',
        veleroManagedClustersBackupName: 'skip',
        veleroCredentialsBackupName: 'skip',
        veleroResourcesBackupName: 'skip',
      }),
    );
    const skipped = await waitRestorePhase(hub, 'skip-all', ['Finished', 'FinishedWithErrors']);
    assert.equal(skipped.status?.lastMessage, msgNothingToDo('skip-all'));
    await deleteRestore(hub, 'skip-all');

    await hub.k(
      ['apply', '-f', '-'],
      restoreYaml('restore-acm', {
        cleanupBeforeRestore: 'None',
        veleroManagedClustersBackupName: 'latest',
        veleroCredentialsBackupName: 'latest',
        veleroResourcesBackupName: 'latest',
      }),
    );
    const missing = await waitRestorePhase(hub, 'restore-acm', ['Error']);
    assert.equal(missing.status?.lastMessage, MSG_NO_VELERO_BACKUPS);
  });
});

// Activation with real managed-cluster agents (hub-backup.md §4.7, §5.3): hub 1 is `lifeboat up
// --agents 2 --hive-agents 1` with a BackupSchedule using managed service accounts; hub 2 keeps a
// passive-sync Restore; hub 1 stops, its clusters keep running (`lifeboat agent` on their state);
// hub 2 activates with `veleroManagedClustersBackupName: latest`. The hive-created cluster and the
// imported cluster whose token was backed up move to hub 2 and turn Available there; the imported
// cluster whose token stayed out of the backups stays with the lost hub and shows Pending Import.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  LABEL_BACKUP,
  MSG_FINISHED,
  MSG_SYNC_ENABLED,
  msgAutoImportSecretCreated,
  msgClusterAlreadyAvailable,
  msgNoMsaSecret,
} from '../../src/api/backup/index.js';
import { SECRETS, type KubeObject } from '../../src/kube/index.js';
import { startAgentProcess, waitFor, type AgentProcess } from '../support/index.js';
import { clusterCondition, leaseRenewed, waitForCondition } from '../fleet/harness.js';
import { HubPair, SCHEDULE_ACM, SLOW_MS, activateManagedClusters, applyPassiveSync, getOrUndefined, type TestHub } from './restore-harness.js';
import { scheduleSlot, startBackups, waitRestorePhase } from './restore-harness.js';

const RESTORE = 'restore-acm-passive-sync';
const AVAILABLE = 'ManagedClusterConditionAvailable';
const IMPORT = 'ManagedClusterImportSucceeded';
const TOKEN_SECRET = 'auto-import-account';
const LEASE = '2s';

describe('activation moves the simulated clusters that can be re-imported to hub 2', () => {
  const pair = new HubPair();
  let hub1: TestHub;
  let hub2: TestHub;
  let agents: AgentProcess | undefined;

  before(async () => {
    await pair.init();
    [hub1, hub2] = await Promise.all([pair.start('1', ['--agents', '2', '--hive-agents', '1', '--agent-lease-duration', LEASE]), pair.start('2')]);
  });
  after(async () => {
    await agents?.stop();
    await pair.teardown();
  });

  it('hive and auto-imported clusters turn Available on hub 2, the other imported cluster is Pending Import', { timeout: 15 * 60_000 }, async () => {
    for (const name of ['managed-1', 'managed-2', 'hive-1']) await waitForCondition(hub1.client, name, AVAILABLE, 'True', 'joined hub 1', SLOW_MS);
    await startBackups(hub1, [hub2], SCHEDULE_ACM.replace('veleroTtl: 120h', 'veleroTtl: 120h\n  useManagedServiceAccount: true'));

    // Each imported cluster's agent answers its ManagedServiceAccount with a token; the backup
    // operator stamps the token secrets for the credentials backup. managed-2's is kept out.
    for (const cluster of ['managed-1', 'managed-2'])
      await waitFor(
        `the MSA token of ${cluster} stamped for backup on hub 1`,
        async () => (await getOrUndefined<KubeObject>(hub1.client, SECRETS, TOKEN_SECRET, cluster))?.metadata?.labels?.[LABEL_BACKUP] !== undefined,
        SLOW_MS,
        200,
      );
    await hub1.k(['label', 'secret', TOKEN_SECRET, '-n', 'managed-2', 'velero.io/exclude-from-backup=true']);
    await scheduleSlot(hub1, [hub2]);

    await applyPassiveSync(hub2, RESTORE);
    const passive = await waitRestorePhase(hub2, RESTORE, ['Enabled'], 'passive sync');
    assert.equal(passive.status?.lastMessage, MSG_SYNC_ENABLED);
    assert.ok(await getOrUndefined(hub2.client, SECRETS, TOKEN_SECRET, 'managed-1'), 'managed-1’s token restored while passive');
    assert.equal(await getOrUndefined(hub2.client, SECRETS, TOKEN_SECRET, 'managed-2'), undefined, 'managed-2’s token was not backed up');

    // Hub 1 is lost; its managed clusters are not: they run on, still attached to hub 1.
    await hub1.stop();
    agents = await startAgentProcess([
      '--data-dir',
      path.join(hub1.dataDir, 'agents'),
      '--cluster',
      'managed-1',
      '--cluster',
      'managed-2',
      '--hive-cluster',
      'hive-1',
      '--lease-duration',
      LEASE,
    ]);
    const hub1Url = hub1.process.url.replace(/\./g, '\\.');
    for (const name of ['managed-1', 'managed-2', 'hive-1']) assert.match(agents.stdout, new RegExp(`cluster: ${name} \\S+ hub: ${hub1Url}`));

    await activateManagedClusters(hub2, RESTORE);
    const restore = await waitRestorePhase(hub2, RESTORE, ['Finished', 'FinishedWithErrors'], 'activation');
    assert.equal(restore.status?.phase, 'Finished', restore.status?.lastMessage);
    assert.equal(restore.status?.lastMessage, MSG_FINISHED);
    const messages = [...(restore.status?.messages ?? [])].sort();
    // hub 2's import controller may reconnect the hive cluster before the post-restore task looks at it.
    const hive = messages.find((m) => m === msgNoMsaSecret('hive-1') || m === msgClusterAlreadyAvailable('hive-1'));
    assert.deepEqual(messages, [msgAutoImportSecretCreated('managed-1'), msgNoMsaSecret('managed-2'), hive].sort());

    for (const name of ['managed-1', 'hive-1']) {
      await waitForCondition(hub2.client, name, AVAILABLE, 'True', 'its agent moved to hub 2', SLOW_MS);
      await waitForCondition(hub2.client, name, IMPORT, 'True', 'imported on hub 2', SLOW_MS);
      await leaseRenewed(hub2.client, name, 'on hub 2');
    }
    // managed-2: accepted, waiting for an import that nothing provides (Pending Import).
    await waitForCondition(hub2.client, 'managed-2', IMPORT, 'False', 'waiting for import', SLOW_MS);
    assert.equal((await clusterCondition(hub2.client, 'managed-2', IMPORT))?.reason, 'ManagedClusterWaitForImporting');
    assert.notEqual((await clusterCondition(hub2.client, 'managed-2', AVAILABLE))?.status, 'True');
    assert.equal(await clusterCondition(hub2.client, 'managed-2', 'ManagedClusterJoined'), undefined);

    // What users read: JOINED and AVAILABLE for the moved clusters, nothing for managed-2.
    const rows = (await hub2.k(['get', 'managedclusters', '--no-headers'])).trim().split('\n');
    const columns = Object.fromEntries(rows.map((row) => [row.split(/\s+/)[0], row.trim().split(/\s+/)]));
    assert.deepEqual(Object.keys(columns).sort(), ['hive-1', 'managed-1', 'managed-2']);
    for (const name of ['managed-1', 'hive-1']) assert.deepEqual(columns[name].slice(3, 5), ['True', 'True'], rows.join('\n'));
    assert.ok(!columns['managed-2'].slice(3).includes('True'), `managed-2 not joined on hub 2: ${rows.join('\n')}`);
  });
});

// `lifeboat operator` on a cluster that lacks one family's CRDs: that family is not started, a
// warning names the missing APIs and the flag that silences it, and the other controllers run —
// instead of every controller waiting forever for an informer that cannot sync.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { BACKUP_SCHEDULES, DEFAULT_BACKUP_NAMESPACE, type BackupSchedule } from '../../src/api/backup/index.js';
import { startOperator, type RunningOperator } from '../../src/cli/run-operator.js';
import { defaultMoverImage } from '../../src/volsync/index.js';
import { ensureNamespace, startHub, waitFor, type TestHub } from '../support/index.js';

function capturingLog(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { log: pino({ level: 'warn' }, sink), lines };
}

describe('lifeboat operator on a cluster without some of its APIs', () => {
  let hub: TestHub | undefined;
  let operator: RunningOperator | undefined;
  after(async () => {
    await operator?.stop();
    await hub?.teardown();
  });

  it('runs the backup controllers and says the volume-replication ones need deploy/crds/volsync', async () => {
    hub = await startHub({ crds: ['velero', 'backup', 'ocm'] });
    await ensureNamespace(hub.client, DEFAULT_BACKUP_NAMESPACE);
    const { log, lines } = capturingLog();
    operator = await startOperator(hub.kubeConfig, {
      backupNamespace: DEFAULT_BACKUP_NAMESPACE,
      veleroEngine: false,
      backupSyncIntervalMs: 60_000,
      collisionCheckIntervalMs: 300_000,
      backupControllers: true,
      volsyncControllers: true,
      moverImage: defaultMoverImage(),
      leaderElection: false,
      log,
    });
    const warning = lines.map((l) => JSON.parse(l) as { msg: string; missing?: string[] }).find((l) => l.msg.startsWith('volume replication controllers not started'));
    assert.deepEqual(warning?.missing, ['replicationsources.volsync.backube/v1alpha1', 'replicationdestinations.volsync.backube/v1alpha1']);
    assert.match(warning?.msg ?? '', /apply deploy\/crds\/volsync, or pass --no-volsync-controllers/);

    await hub.kubectl(['apply', '-f', '-'], {
      input: `apiVersion: cluster.open-cluster-management.io/v1beta1
kind: BackupSchedule
metadata: {name: schedule-acm, namespace: ${DEFAULT_BACKUP_NAMESPACE}}
spec: {veleroSchedule: "0 */2 * * *", veleroTtl: 120h}
`,
    });
    const phase = await waitFor(
      'the BackupSchedule controller to set a phase',
      async () => (await hub!.client.get<BackupSchedule>(BACKUP_SCHEDULES, 'schedule-acm', { namespace: DEFAULT_BACKUP_NAMESPACE })).status?.phase,
      30_000,
    );
    assert.ok(phase);
  });
});

// The backup operator's gauges on the Manager's registry, scraped over its HTTPS /metrics, against
// a real `lifeboat up` with velero Backups run to Completed by Lifeboat's engine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { pino } from 'pino';
import { Manager } from '../../src/kube/index.js';
import { MSG_SCHEDULES_INITIALIZED } from '../../src/api/backup/index.js';
import type { Backup } from '../../src/api/velero/index.js';
import { registerBackupMetrics } from '../../src/backup/metrics.js';
import { BACKUP_TYPES, NS, SCHEDULE, createBackupSchedule, createCompletedBackups, setBackupSchedulePhase, startDoctorHub } from './doctor-fixtures.js';
import type { UpProcess } from '../support/index.js';

/** `name{labels} value` lines of the exposition text, keyed by `name{labels}` exactly as printed. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

function httpsGet(url: string, ca: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function sample(all: Map<string, number>, key: string): number {
  const value = all.get(key);
  assert.ok(value !== undefined, `series ${key} is exposed; got:\n${[...all.keys()].filter((k) => k.startsWith(key.split('{')[0])).join('\n')}`);
  return value;
}

describe('backup metrics', () => {
  let hub: UpProcess;
  let manager: Manager;
  const token = 'metrics-scrape-token';
  const metricsText = async () => {
    const reply = await httpsGet(`${manager.metricsUrl ?? ''}/metrics`, manager.metricsCertificate ?? '', token);
    assert.equal(reply.status, 200);
    return reply.body;
  };
  const scrape = async () => samples(await metricsText());

  before(async () => {
    hub = await startDoctorHub();
    manager = new Manager({ client: hub.client, log: pino({ level: 'silent' }), defaultMetrics: false, metricsServer: { host: '127.0.0.1', port: 0, token } });
    registerBackupMetrics(manager.metrics, hub.client, { backupNamespace: NS, doctorMaxAgeMs: 0 });
    await manager.start();
  });
  after(async () => {
    await manager?.stop();
    await hub?.teardown();
  });

  it('exposes no recovery point and no last-completed time before the first backup', async () => {
    const text = await metricsText();
    assert.match(text, /# TYPE lifeboat_backup_recovery_point_age_seconds gauge/);
    assert.doesNotMatch(text, /^lifeboat_backup_recovery_point_age_seconds\{/m, 'no backup, no recovery point');
    assert.doesNotMatch(text, /^lifeboat_backup_last_completed_timestamp_seconds\{/m);
    assert.equal(sample(samples(text), 'lifeboat_doctor_check{check="acm-resources-schedule-backups-available",status="fail"}'), 1);
  });

  it('reports the phase of every BackupSchedule, the last completed backup of each type, the recovery point and the doctor results', async () => {
    await createBackupSchedule(hub.client, 'New', MSG_SCHEDULES_INITIALIZED);
    let all = await scrape();
    const phase = (p: string) => sample(all, `lifeboat_backupschedule_phase{namespace="${NS}",name="${SCHEDULE}",phase="${p}"}`);
    assert.equal(phase('New'), 1);
    for (const p of ['Enabled', 'FailedValidation', 'Failed', 'Unknown', 'BackupCollision', 'Paused']) assert.equal(phase(p), 0, `phase ${p} is 0`);

    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const backups: Backup[] = await createCompletedBackups(hub.client, stamp);
    await setBackupSchedulePhase(hub.client, 'Enabled', 'Velero schedules are enabled');
    const before = Date.now();
    all = await scrape();
    const after = Date.now();
    assert.equal(phase('Enabled'), 1);
    assert.equal(phase('New'), 0);

    for (const type of BACKUP_TYPES) {
      const backup = backups.find((b) => b.metadata.labels?.['cluster.open-cluster-management.io/backup-schedule-type'] === type);
      assert.ok(backup?.status?.completionTimestamp, `the ${type} backup has a completion time`);
      assert.equal(
        sample(all, `lifeboat_backup_last_completed_timestamp_seconds{namespace="${NS}",type="${type}"}`),
        Date.parse(backup.status.completionTimestamp) / 1000,
        `last completed ${type} backup`,
      );
    }

    // The newest non-validation backup's start time is the recovery point.
    const newestStart = Math.max(
      ...backups
        .filter((b) => b.metadata.labels?.['cluster.open-cluster-management.io/backup-schedule-type'] !== 'validation')
        .map((b) => Date.parse(b.status?.startTimestamp ?? '')),
    );
    const age = sample(all, `lifeboat_backup_recovery_point_age_seconds{namespace="${NS}"}`);
    assert.ok(
      age >= (before - newestStart) / 1000 - 0.001 && age <= (after - newestStart) / 1000 + 0.001,
      `age ${age}s matches the newest backup's start ${new Date(newestStart).toISOString()}`,
    );

    assert.equal(sample(all, 'lifeboat_doctor_check{check="backup-storage-location-available",status="pass"}'), 1);
    assert.equal(sample(all, 'lifeboat_doctor_check{check="backup-storage-location-available",status="fail"}'), 0);
    assert.equal(sample(all, 'lifeboat_doctor_check{check="acm-resources-schedule-backups-available",status="pass"}'), 1);
    assert.equal(sample(all, 'lifeboat_doctor_check{check="velero-pod-running",status="not-applicable"}'), 1);
  });

  it('follows a BackupSchedule into BackupCollision on the next scrape', async () => {
    await setBackupSchedulePhase(
      hub.client,
      'BackupCollision',
      'Backup acm-resources-schedule-20260101000000, from cluster with id [other] is using the same storage location.',
    );
    const all = await scrape();
    assert.equal(sample(all, `lifeboat_backupschedule_phase{namespace="${NS}",name="${SCHEDULE}",phase="BackupCollision"}`), 1);
    assert.equal(sample(all, `lifeboat_backupschedule_phase{namespace="${NS}",name="${SCHEDULE}",phase="Enabled"}`), 0);
    assert.equal(sample(all, 'lifeboat_doctor_check{check="acm-backup-clusters-collision-report",status="fail"}'), 1);
  });
});

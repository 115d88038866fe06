// The Restore gauges (issue 10 deliverable 5) on the Manager's HTTPS /metrics, computed from the API
// at scrape time: the phase, the last completed sync, and how old the newest restored backup is.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { pino } from 'pino';
import { Manager, NAMESPACES } from '../../src/kube/index.js';
import { ACM_RESTORES, type AcmRestore } from '../../src/api/backup/index.js';
import { BACKUPS, RESTORES, type Backup, type Restore } from '../../src/api/velero/index.js';
import { registerRestoreMetrics } from '../../src/backup/restore/index.js';
import type { UpProcess } from '../support/index.js';
import { startDoctorHub } from './doctor-fixtures.js';

const NS = 'metrics-test';
const NOW = Date.parse('2026-06-01T12:00:00Z');

function httpsGet(url: string, ca: string, token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { authorization: `Bearer ${token}` }, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('restore metrics', () => {
  let hub: UpProcess;
  let manager: Manager;
  const token = 'restore-metrics-token';

  before(async () => {
    hub = await startDoctorHub();
    manager = new Manager({ client: hub.client, log: pino({ level: 'silent' }), defaultMetrics: false, metricsServer: { host: '127.0.0.1', port: 0, token } });
    registerRestoreMetrics(manager.metrics, hub.client, { now: () => new Date(NOW) });
    await manager.start();
  });
  after(async () => {
    await manager?.stop();
    await hub?.teardown();
  });

  it('exposes the phase, the last sync time and the age of the newest restored backup', async () => {
    const c = hub.client;
    await c.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    const restore = await c.create<AcmRestore>(ACM_RESTORES, {
      apiVersion: 'cluster.open-cluster-management.io/v1beta1',
      kind: 'Restore',
      metadata: { name: 'passive', namespace: NS },
      spec: {
        cleanupBeforeRestore: 'None',
        veleroManagedClustersBackupName: 'skip',
        veleroCredentialsBackupName: 'latest',
        veleroResourcesBackupName: 'latest',
        syncRestoreWithNewBackups: true,
      },
    });
    await c.updateStatus<AcmRestore>(ACM_RESTORES, {
      ...restore,
      status: {
        phase: 'Enabled',
        lastMessage: 'x',
        completionTimestamp: '2026-06-01T11:50:00Z',
        veleroCredentialsRestoreName: 'passive-c',
        veleroResourcesRestoreName: 'passive-r',
      },
    });
    const backup = (name: string, start: string): Backup => ({
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: { name, namespace: NS },
      spec: {},
      status: { phase: 'Completed', startTimestamp: start },
    });
    for (const b of [backup('b-c', '2026-06-01T11:40:00Z'), backup('b-r', '2026-06-01T11:59:00Z')]) {
      // velero.io kinds have no status subresource: the status is written with the object.
      await c.create<Backup>(BACKUPS, b);
    }
    for (const [name, backupName, phase] of [
      ['passive-c', 'b-c', 'Completed'],
      ['passive-r', 'b-r', 'InProgress'],
    ] as const) {
      await c.create<Restore>(RESTORES, {
        apiVersion: 'velero.io/v1',
        kind: 'Restore',
        metadata: { name, namespace: NS },
        spec: { backupName },
        status: { phase },
      });
    }

    const text = await httpsGet(`${manager.metricsUrl ?? ''}/metrics`, manager.metricsCertificate ?? '', token);
    assert.match(text, /lifeboat_restore_phase\{namespace="metrics-test",name="passive",phase="Enabled"\} 1\n/);
    assert.match(text, /lifeboat_restore_phase\{namespace="metrics-test",name="passive",phase="Started"\} 0\n/);
    assert.match(
      text,
      new RegExp(`lifeboat_restore_last_sync_timestamp_seconds\\{namespace="metrics-test",name="passive"\\} ${Date.parse('2026-06-01T11:50:00Z') / 1000}\\n`),
    );
    // The resources restore still runs: the newest restored backup is the credentials one, 20 minutes old.
    assert.match(text, /lifeboat_restore_backup_age_seconds\{namespace="metrics-test",name="passive"\} 1200\n/);
  });
});

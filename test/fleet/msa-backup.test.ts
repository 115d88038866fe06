// The backup operator's ManagedServiceAccount preparation (hub-backup.md §5.1) against simulated
// clusters: the MSAs it creates for imported clusters are answered by each cluster's MSA agent
// with a token that cluster's own API accepts for the requested validity, the next pass stamps the
// token secrets for the backup, and hive-created clusters get none.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BACKUP_API_VERSION, LABEL_BACKUP, type BackupSchedule } from '../../src/api/backup/index.js';
import { MANAGED_SERVICE_ACCOUNTS, type ManagedServiceAccount } from '../../src/api/ocm/index.js';
import { prepareForBackupPass } from '../../src/backup/prepare/index.js';
import { SECRETS, type MetaOnly } from '../../src/backup/msa/index.js';
import { isNotFound, type KubeObject } from '../../src/kube/index.js';
import { rawClient, reconcileContext, waitFor } from '../support/index.js';
import { startFleetHub, type FleetHubEnv } from './harness.js';

interface Secret extends KubeObject {
  data?: Record<string, string>;
}

const schedule: BackupSchedule = {
  apiVersion: BACKUP_API_VERSION,
  kind: 'BackupSchedule',
  metadata: { name: 'schedule-acm', namespace: 'open-cluster-management-backup' },
  spec: { veleroSchedule: '0 */1 * * *', useManagedServiceAccount: true, veleroTtl: '120h' },
};

describe('MSA preparation of the backup operator answered by simulated clusters', { timeout: 180_000 }, () => {
  let hub: FleetHubEnv;

  before(async () => {
    hub = await startFleetHub({ agents: 2, hiveAgents: 1, crds: ['backup'], leaseDurationSeconds: 5 });
  });

  after(async () => {
    await hub?.teardown();
  });

  it('imported clusters get a working token of validity 2 × veleroTtl, stamped for the backup; hive clusters none', async () => {
    const c = hub.client;
    const first = await prepareForBackupPass(reconcileContext(c), schedule);
    assert.deepEqual([...first.importedClusters].sort(), ['managed-1', 'managed-2']);
    assert.equal(first.createdMsas, 2);

    for (const cluster of ['managed-1', 'managed-2']) {
      const msa = await waitFor(
        `the MSA agent of ${cluster} reporting its token`,
        async () => {
          const m = await c.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: cluster });
          return m.status?.expirationTimestamp ? m : undefined;
        },
        30_000,
        100,
      );
      const expires = Date.parse(msa.status?.expirationTimestamp ?? '');
      const refreshed = Date.parse(msa.status?.tokenSecretRef?.lastRefreshTimestamp ?? '');
      assert.ok(Math.abs(expires - refreshed - 240 * 3_600_000) <= 1000, `${cluster}: expires 240h after the refresh`);
      const secret = await c.get<Secret>(SECRETS, 'auto-import-account', { namespace: cluster });
      const token = Buffer.from(secret.data?.token ?? '', 'base64').toString();
      const api = rawClient(path.join(hub.env.dataDir, 'agents', cluster, 'kubeconfig'));
      assert.equal((await api.request('GET', '/api/v1/namespaces/open-cluster-management-agent', { token })).status, 200, `${cluster} accepts its token`);
      const other = cluster === 'managed-1' ? 'managed-2' : 'managed-1';
      const otherApi = rawClient(path.join(hub.env.dataDir, 'agents', other, 'kubeconfig'));
      assert.equal((await otherApi.request('GET', '/version', { token })).status, 401, `${other} refuses ${cluster}'s token`);
    }
    await assert.rejects(
      c.get(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: 'hive-1' }),
      (err) => isNotFound(err),
    );

    // The tokens may already have been there for the first pass's stamps; this pass sees them for sure.
    await prepareForBackupPass(reconcileContext(c), schedule);
    for (const cluster of ['managed-1', 'managed-2']) {
      const msa = await c.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: cluster });
      const stamped = await c.get<MetaOnly>(SECRETS, 'auto-import-account', { namespace: cluster });
      assert.equal(stamped.metadata.labels?.[LABEL_BACKUP], 'msa');
      assert.equal(stamped.metadata.annotations?.expirationTimestamp, msa.status?.expirationTimestamp);
      assert.equal(stamped.metadata.annotations?.lastRefreshTimestamp, msa.status?.tokenSecretRef?.lastRefreshTimestamp);
    }
  });
});

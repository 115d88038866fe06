// Auto-import at activation (hub-backup.md §5.3) against a real embedded hub: every status message
// in the spec's words, the secret it creates, the token it picks, and what it leaves alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { msgAutoImportSecretCreated, msgAutoImportSecretDeleted, msgClusterAlreadyAvailable } from '../../src/api/backup/index.js';
import { MANAGED_CLUSTERS, type ManagedCluster } from '../../src/api/ocm/index.js';
import { NAMESPACES, SECRETS, type KubeObject } from '../../src/kube/index.js';
import { autoImportClusters } from '../../src/backup/restore/post-restore/index.js';
import { startHub, type TestHub } from '../support/index.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');

describe('auto-import at activation', () => {
  let hub: TestHub;
  before(async () => {
    hub = await startHub({ crds: ['backup', 'ocm'] });
  });
  after(async () => {
    await hub?.teardown();
  });

  async function cluster(name: string, opts: { url?: string; available?: boolean; labels?: Record<string, string> } = {}): Promise<void> {
    const created = await hub.client.create<ManagedCluster & KubeObject>(MANAGED_CLUSTERS, {
      apiVersion: 'cluster.open-cluster-management.io/v1',
      kind: 'ManagedCluster',
      metadata: { name, labels: opts.labels ?? {} },
      spec: { hubAcceptsClient: true, ...(opts.url ? { managedClusterClientConfigs: [{ url: opts.url }] } : {}) },
    });
    if (opts.available) {
      await hub.client.updateStatus(MANAGED_CLUSTERS, {
        ...created,
        status: {
          conditions: [{ type: 'ManagedClusterConditionAvailable', status: 'True', reason: 'Up', message: 'up', lastTransitionTime: '2026-01-01T00:00:00Z' }],
        },
      });
    }
    await hub.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }

  async function token(namespace: string, name: string, value: string, expiration: string): Promise<void> {
    await hub.client.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace,
        labels: { 'authentication.open-cluster-management.io/is-managed-serviceaccount': 'true' },
        annotations: { expirationTimestamp: expiration },
      },
      data: { token: Buffer.from(value).toString('base64') },
    } as KubeObject);
  }

  it('reports each cluster, replaces its own earlier secret, uses an unexpired token, skips the local cluster', async () => {
    await cluster('hub-self', { url: 'https://hub', labels: { 'local-cluster': 'true' } });
    await cluster('renamed-local', { url: 'https://hub2' });
    await cluster('up-already', { url: 'https://up', available: true });
    await cluster('rotated', { url: 'https://rotated.example.com:6443' });
    await token('rotated', 'auto-import-account', 'expired-token', '2026-01-01T00:00:00Z');
    await token('rotated', 'auto-import-account-pair', 'fresh-token', '2026-12-01T00:00:00Z');
    await hub.client.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'auto-import-secret', namespace: 'rotated', labels: { 'cluster.open-cluster-management.io/restore-auto-import-secret': 'true' } },
      stringData: { token: 'old' },
    } as KubeObject);

    const messages = await autoImportClusters(hub.client, 'renamed-local', NOW, pino({ level: 'silent' }));
    assert.deepEqual(messages, [msgAutoImportSecretDeleted('rotated'), msgAutoImportSecretCreated('rotated'), msgClusterAlreadyAvailable('up-already')]);
    const secret = await hub.client.get<KubeObject & { data?: Record<string, string> }>(SECRETS, 'auto-import-secret', { namespace: 'rotated' });
    assert.equal(Buffer.from(secret.data?.token ?? '', 'base64').toString(), 'fresh-token');
    assert.equal(Buffer.from(secret.data?.server ?? '', 'base64').toString(), 'https://rotated.example.com:6443');
    for (const name of ['hub-self', 'renamed-local', 'up-already']) {
      const mc = await hub.client.get<ManagedCluster & KubeObject>(MANAGED_CLUSTERS, name);
      assert.equal(mc.metadata?.annotations?.['import.open-cluster-management.io/immediate-import'], undefined, name);
    }
  });
});

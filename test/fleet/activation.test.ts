// Simulated managed clusters and the hub stand-ins, end to end on two embedded hubs (the real
// kubectl reads what users read): agents keep their clusters Available on hub 1; clusters
// re-created on hub 2 as a restore does stay Pending Import; an auto-import-secret with a valid MSA
// token (exactly as the restore writes it) or a hive admin kubeconfig moves a cluster to hub 2, and
// hub 1 then sees its lease stop; a wrong or expired token fails visibly and the cluster stays;
// invalid secrets are reported with the import controller's messages and a kubeconfig works too; a
// restarted fleet stays with the hub each cluster last moved to; with hub 1 down, a token taken
// from it earlier still moves a cluster.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ANNOTATION_IMMEDIATE_IMPORT,
  ANNOTATION_KEEPING_AUTO_IMPORT_SECRET,
  LABEL_IS_MANAGED_SERVICEACCOUNT,
  LABEL_RESTORE_AUTO_IMPORT_SECRET,
} from '../../src/api/backup/index.js';
import {
  CLUSTER_DEPLOYMENTS,
  MANAGED_CLUSTER_ADDONS,
  MANAGED_CLUSTERS,
  MANAGED_SERVICE_ACCOUNTS,
  type ManagedCluster,
  type ManagedServiceAccount,
} from '../../src/api/ocm/index.js';
import { NAMESPACES, SECRETS, isNotFound, type KubeClient, type KubeObject } from '../../src/kube/index.js';
import { setClusterConditions } from '../../src/local/fleet/cluster-conditions.js';
import { rawClient, waitFor } from '../support/index.js';
import { clusterCondition, leaseRenewed, restoreManagedCluster, startFleetHub, waitForCondition, type FleetHubEnv } from './harness.js';

const AVAILABLE = 'ManagedClusterConditionAvailable';
const JOINED = 'ManagedClusterJoined';
const IMPORT = 'ManagedClusterImportSucceeded';

interface Secret extends KubeObject {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

async function msaToken(client: KubeClient, cluster: string, name: string, validity: string): Promise<string> {
  await client.create(MANAGED_CLUSTER_ADDONS, {
    apiVersion: 'addon.open-cluster-management.io/v1alpha1',
    kind: 'ManagedClusterAddOn',
    metadata: { name: 'managed-serviceaccount', namespace: cluster },
    spec: {},
  } as KubeObject);
  await client.create(MANAGED_SERVICE_ACCOUNTS, {
    apiVersion: 'authentication.open-cluster-management.io/v1beta1',
    kind: 'ManagedServiceAccount',
    metadata: { name, namespace: cluster },
    spec: { rotation: { enabled: true, validity } },
  } as KubeObject);
  const secret = await waitFor(
    `the MSA token secret of ${cluster}`,
    async () => {
      const found = await client.get<Secret>(SECRETS, name, { namespace: cluster }).catch(() => undefined);
      return found?.data?.token ? found : undefined;
    },
    15_000,
  );
  // The agent writes the Secret first and reports it in the MSA's status after, as upstream's does.
  await waitFor(
    `the MSA ${cluster}/${name} to report its token`,
    async () => {
      const msa = await client.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, name, { namespace: cluster }).catch(() => undefined);
      return msa?.status?.tokenSecretRef !== undefined;
    },
    15_000,
  );
  return Buffer.from(secret.data?.token ?? '', 'base64').toString('utf8');
}

/** The auto-import-secret exactly as the restore controller writes it (hub-backup.md §5.3). */
function restoreAutoImportSecret(cluster: string, server: string, token: string): Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: 'auto-import-secret',
      namespace: cluster,
      labels: { [LABEL_RESTORE_AUTO_IMPORT_SECRET]: 'true' },
      annotations: { [ANNOTATION_KEEPING_AUTO_IMPORT_SECRET]: '' },
    },
    stringData: { autoImportRetry: '5', server, token },
  };
}

async function autoImportSecretGone(client: KubeClient, cluster: string, what: string): Promise<void> {
  await waitFor(
    what,
    async () => {
      try {
        await client.get(SECRETS, 'auto-import-secret', { namespace: cluster });
        return false;
      } catch (err) {
        if (isNotFound(err)) return true;
        throw err;
      }
    },
    20_000,
  );
}

async function serverUrl(client: KubeClient, cluster: string): Promise<string> {
  const mc = await client.get<ManagedCluster>(MANAGED_CLUSTERS, cluster);
  return mc.spec?.managedClusterClientConfigs?.[0]?.url ?? '';
}

async function activate(hub2: KubeClient, cluster: string, server: string, token: string): Promise<void> {
  await hub2.patch(MANAGED_CLUSTERS, cluster, { metadata: { annotations: { [ANNOTATION_IMMEDIATE_IMPORT]: '' } } }, { type: 'merge' });
  await hub2.create(SECRETS, restoreAutoImportSecret(cluster, server, token));
}

/** Copies an object to the other hub without server-set fields and status, as a restore does. */
async function copyObject(from: KubeClient, to: KubeClient, ref: typeof SECRETS, namespace: string, name: string): Promise<void> {
  const obj = await from.get<KubeObject & Record<string, unknown>>(ref, name, { namespace });
  const { status: _status, metadata, ...rest } = obj;
  await to.create(ref, { ...rest, metadata: { name, namespace, labels: metadata?.labels } });
}

describe('simulated managed clusters between two hubs', { timeout: 240_000 }, () => {
  let hub1: FleetHubEnv;
  let hub2: FleetHubEnv;
  let c1: KubeClient;
  let c2: KubeClient;

  before(async () => {
    hub1 = await startFleetHub({ agents: 3, hiveAgents: 1, leaseDurationSeconds: 1 });
    hub2 = await startFleetHub();
    c1 = hub1.client;
    c2 = hub2.client;
  });

  after(async () => {
    await hub1?.teardown();
    await hub2?.teardown();
  });

  it('agents keep their clusters Joined and Available on hub 1, renewing the lease', async () => {
    for (const name of ['managed-1', 'managed-2', 'managed-3', 'hive-1']) {
      await waitForCondition(c1, name, AVAILABLE, 'True', 'agent attached');
      await waitForCondition(c1, name, IMPORT, 'True', 'imported');
    }
    await leaseRenewed(c1, 'managed-1', 'on hub 1');
    const joined = await clusterCondition(c1, 'managed-1', JOINED);
    assert.equal(joined?.reason, 'ManagedClusterJoined');
    const available = await clusterCondition(c1, 'managed-1', AVAILABLE);
    assert.deepEqual([available?.reason, available?.message], ['ManagedClusterAvailable', 'Managed cluster is available']);
    // Whoever else turns the condition (a hub that thought the lease stale), the agent puts it back.
    await setClusterConditions(c1, 'managed-2', {
      conditions: [
        { type: AVAILABLE, status: 'Unknown', reason: 'ManagedClusterLeaseUpdateStopped', message: 'Registration agent stopped updating its lease.' },
      ],
    });
    await waitForCondition(c1, 'managed-2', AVAILABLE, 'True', 'put back by its agent');
    const hive = await c1.get<ManagedCluster>(MANAGED_CLUSTERS, 'hive-1');
    assert.equal(hive.metadata.annotations?.['open-cluster-management/created-via'], 'hive');

    const table = await hub1.env.kubectl(['get', 'managedclusters', '--no-headers']);
    assert.equal(table.code, 0, table.stderr);
    for (const line of table.stdout.trim().split('\n')) {
      const cols = line.trim().split(/\s+/);
      assert.deepEqual([cols[1], cols[3], cols[4]], ['true', 'True', 'True'], line);
    }
  });

  it('the MSA agent issues a token the cluster accepts and reports it on the hub', async () => {
    await msaToken(c1, 'managed-1', 'auto-import-account', '1440h0m0s');
    const msa = await c1.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: 'managed-1' });
    assert.equal(msa.status?.tokenSecretRef?.name, 'auto-import-account');
    const expires = Date.parse(msa.status?.expirationTimestamp ?? '');
    const refreshed = Date.parse(msa.status?.tokenSecretRef?.lastRefreshTimestamp ?? '');
    assert.ok(Math.abs(expires - refreshed - 1440 * 3600_000) <= 1000, 'expires one validity after the refresh');
    const secret = await c1.get<Secret>(SECRETS, 'auto-import-account', { namespace: 'managed-1' });
    assert.equal(secret.metadata?.labels?.[LABEL_IS_MANAGED_SERVICEACCOUNT], 'true');
    assert.deepEqual(Object.keys(secret.data ?? {}).sort(), ['ca.crt', 'token']);
    assert.equal(secret.metadata?.ownerReferences?.[0]?.kind, 'ManagedServiceAccount');
  });

  it('a cluster re-created on hub 2 without import credentials is Pending Import and its agent stays', async () => {
    for (const name of ['managed-1', 'managed-2', 'managed-3']) await restoreManagedCluster(c1, c2, name);
    await waitForCondition(c2, 'managed-3', 'HubAcceptedManagedCluster', 'True', 'accepted on hub 2');
    await waitForCondition(c2, 'managed-3', IMPORT, 'False', 'waiting for import');
    assert.equal((await clusterCondition(c2, 'managed-3', IMPORT))?.reason, 'ManagedClusterWaitForImporting');
    // Accepted, not joined: what the console calls Pending Import; kubectl shows JOINED empty.
    const table = await hub2.env.kubectl(['get', 'managedcluster', 'managed-3', '--no-headers']);
    const cols = table.stdout.trim().split(/\s+/);
    assert.equal(cols[1], 'true');
    assert.ok(!/True/.test(cols.slice(3).join(' ')), `not joined on hub 2: ${table.stdout}`);
    assert.equal(await clusterCondition(c2, 'managed-3', JOINED), undefined);
    await leaseRenewed(c1, 'managed-3', 'still on hub 1');
    assert.equal((await clusterCondition(c1, 'managed-3', AVAILABLE))?.status, 'True');
  });

  it('a restore auto-import-secret with a valid MSA token moves the cluster to hub 2; hub 1 sees its lease stop', async () => {
    const token = Buffer.from((await c1.get<Secret>(SECRETS, 'auto-import-account', { namespace: 'managed-1' })).data?.token ?? '', 'base64').toString();
    await activate(c2, 'managed-1', await serverUrl(c2, 'managed-1'), token);
    await waitForCondition(c2, 'managed-1', AVAILABLE, 'True', 'agent moved to hub 2');
    await waitForCondition(c2, 'managed-1', IMPORT, 'True', 'imported on hub 2');
    await waitFor(
      'immediate-import Completed',
      async () => (await c2.get<ManagedCluster>(MANAGED_CLUSTERS, 'managed-1')).metadata.annotations?.[ANNOTATION_IMMEDIATE_IMPORT] === 'Completed',
      10_000,
    );
    // The keeping annotation keeps the secret after the import.
    await c2.get(SECRETS, 'auto-import-secret', { namespace: 'managed-1' });
    await leaseRenewed(c2, 'managed-1', 'on hub 2');
    const unknown = await waitForCondition(c1, 'managed-1', AVAILABLE, 'Unknown', 'lease expired on hub 1');
    assert.deepEqual([unknown.reason, unknown.message], ['ManagedClusterLeaseUpdateStopped', 'Registration agent stopped updating its lease.']);
  });

  it('an expired MSA token fails visibly on hub 2 and the cluster stays with hub 1', async () => {
    const token = await msaToken(c1, 'managed-2', 'auto-import-account', '1s');
    // The cluster's own API refuses the token once it has expired (401), as a stale backup's would.
    const clusterApi = rawClient(path.join(hub1.env.dataDir, 'agents', 'managed-2', 'kubeconfig'));
    await waitFor('the cluster refusing the expired token', async () => (await clusterApi.request('GET', '/version', { token })).status === 401, 10_000, 100);
    await activate(c2, 'managed-2', await serverUrl(c2, 'managed-2'), token);
    const failed = await waitFor(
      'the import of managed-2 failed',
      async () => {
        const c = await clusterCondition(c2, 'managed-2', IMPORT);
        return c?.reason === 'ManagedClusterImportFailed' ? c : undefined;
      },
      20_000,
    );
    assert.equal(failed.message, 'AutoImportSecretInvalid managed-2/auto-import-secret; please check its permission, apply resources error: Unauthorized');
    assert.equal(await clusterCondition(c2, 'managed-2', JOINED), undefined);
    await leaseRenewed(c1, 'managed-2', 'still on hub 1');
    assert.equal((await clusterCondition(c1, 'managed-2', AVAILABLE))?.status, 'True');
  });

  it('a wrong token in a plain auto-import-secret fails, and the secret is deleted', async () => {
    await c2.create(SECRETS, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'auto-import-secret', namespace: 'managed-3' },
      stringData: { autoImportRetry: '2', server: await serverUrl(c2, 'managed-3'), token: 'not-a-token' },
    } as Secret);
    await autoImportSecretGone(c2, 'managed-3', 'the failed auto-import-secret deleted');
    const c = await clusterCondition(c2, 'managed-3', IMPORT);
    assert.deepEqual(
      [c?.reason, c?.message],
      [
        'ManagedClusterImportFailed',
        'AutoImportSecretInvalid managed-3/auto-import-secret; please check its permission, apply resources error: [Unauthorized, Unauthorized]',
      ],
    );
    assert.equal((await clusterCondition(c1, 'managed-3', AVAILABLE))?.status, 'True');
  });

  it('an invalid auto-import-secret is reported; one with a kubeconfig imports the cluster and is deleted', async () => {
    const server = await serverUrl(c2, 'managed-3');
    const attempt = async (stringData: Record<string, string>, type = 'Opaque'): Promise<void> => {
      await c2.create(SECRETS, {
        apiVersion: 'v1',
        kind: 'Secret',
        type,
        metadata: { name: 'auto-import-secret', namespace: 'managed-3' },
        stringData,
      } as Secret);
    };
    const reported = async (message: string): Promise<void> => {
      await waitFor(`condition message "${message}"`, async () => (await clusterCondition(c2, 'managed-3', IMPORT))?.message === message, 20_000);
      assert.equal((await clusterCondition(c2, 'managed-3', IMPORT))?.reason, 'ManagedClusterImportFailed');
      await c2.delete(SECRETS, 'auto-import-secret', { namespace: 'managed-3' });
    };
    await attempt({ server });
    await reported('AutoImportSecretInvalid managed-3/auto-import-secret; kubeconfig or token/server pair is missing');
    await attempt({ autoImportRetry: 'five', server, token: 'x' });
    await reported('AutoImportSecretInvalid managed-3/auto-import-secret; please check the value autoImportRetry');
    await attempt({ server, token: 'x' }, 'auto-import/rosa-like');
    await reported('AutoImportSecretInvalid managed-3/auto-import-secret; unsupported secret type auto-import/rosa-like');

    // A kubeconfig for the cluster's API (its token from the MSA agent): a full import.
    const token = await msaToken(c1, 'managed-3', 'auto-import-account', '1440h0m0s');
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: c, cluster: {server: "${server}", insecure-skip-tls-verify: true}}]`,
      `users: [{name: u, user: {token: "${token}"}}]`,
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
    ].join('\n');
    await attempt({ kubeconfig });
    await waitForCondition(c2, 'managed-3', AVAILABLE, 'True', 'imported with a kubeconfig');
    await autoImportSecretGone(c2, 'managed-3', 'the used auto-import-secret deleted');
  });

  it('a hive-created cluster moves with the restored ClusterDeployment and admin kubeconfig, no token', async () => {
    await c2.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'hive-1' } });
    await copyObject(c1, c2, SECRETS, 'hive-1', 'hive-1-admin-kubeconfig');
    await copyObject(c1, c2, CLUSTER_DEPLOYMENTS, 'hive-1', 'hive-1');
    await restoreManagedCluster(c1, c2, 'hive-1');
    await waitForCondition(c2, 'hive-1', AVAILABLE, 'True', 'hive cluster moved to hub 2');
    await waitForCondition(c1, 'hive-1', AVAILABLE, 'Unknown', 'lease expired on hub 1');
  });

  it('after a restart every cluster stays with the hub it last moved to', async () => {
    await hub1.restartFleet();
    await leaseRenewed(c2, 'managed-1', 'on hub 2 after the restart');
    await leaseRenewed(c2, 'hive-1', 'on hub 2 after the restart');
    await leaseRenewed(c1, 'managed-2', 'on hub 1 after the restart');
    assert.equal((await clusterCondition(c1, 'managed-1', AVAILABLE))?.status, 'Unknown');
    assert.equal((await clusterCondition(c2, 'managed-1', AVAILABLE))?.status, 'True');
  });

  it('with hub 1 down, a restore auto-import-secret with a token backed up earlier still moves its cluster', async () => {
    // The token a backup of hub 1 would hold: its MSA renewed for the default validity.
    await c1.patch(
      MANAGED_SERVICE_ACCOUNTS,
      'auto-import-account',
      { spec: { rotation: { enabled: true, validity: '1440h0m0s' } } },
      {
        type: 'merge',
        namespace: 'managed-2',
      },
    );
    await waitFor(
      'the renewed token of managed-2',
      async () => {
        const msa = await c1.get<ManagedServiceAccount>(MANAGED_SERVICE_ACCOUNTS, 'auto-import-account', { namespace: 'managed-2' });
        return Date.parse(msa.status?.expirationTimestamp ?? '') > Date.now() + 1000 * 3_600_000;
      },
      15_000,
    );
    const token = Buffer.from((await c1.get<Secret>(SECRETS, 'auto-import-account', { namespace: 'managed-2' })).data?.token ?? '', 'base64').toString();
    await hub1.env.hub.stop();

    // The failed attempt's secret was kept (keeping annotation); the restore writes a new one.
    await c2.delete(SECRETS, 'auto-import-secret', { namespace: 'managed-2' });
    await autoImportSecretGone(c2, 'managed-2', 'the old auto-import-secret deleted');
    await activate(c2, 'managed-2', await serverUrl(c2, 'managed-2'), token);
    await waitForCondition(c2, 'managed-2', AVAILABLE, 'True', 'moved to hub 2 while hub 1 is down');
    await waitForCondition(c2, 'managed-2', IMPORT, 'True', 'imported on hub 2');
    await leaseRenewed(c2, 'managed-2', 'on hub 2');
  });
});

// Restores through the Velero-compatible engine of what every ACM hub holds: RBAC objects named
// with colons (`system:test:colon`), a ServiceAccount that still lists its legacy token Secret,
// and the objects each namespace gets on its own (the `default` ServiceAccount, kube-root-ca.crt),
// which a backup carries like any others and the restore then finds already in place.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backup } from '../../src/api/velero/index.js';
import { resourceRef } from '../../src/api/resource.js';
import { CONFIGMAPS, NAMESPACES, SECRETS, SERVICE_ACCOUNTS, type KubeObject } from '../../src/kube/index.js';
import { startHub, waitFor, type TestHub } from '../support/index.js';
import { apply, makeBackup, readRestoreFiles, registerBackup, restore, tempStore, tryGet, type TempStore } from './restore-helpers.js';

type Obj = KubeObject & Record<string, unknown>;

const RBAC = { group: 'rbac.authorization.k8s.io', version: 'v1', scope: 'Cluster' as const };
const CLUSTER_ROLES = resourceRef({ ...RBAC, kind: 'ClusterRole', plural: 'clusterroles' });
const CLUSTER_ROLE_BINDINGS = resourceRef({ ...RBAC, kind: 'ClusterRoleBinding', plural: 'clusterrolebindings' });

const FIXTURES = `
apiVersion: v1
kind: Namespace
metadata: {name: team}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "system:test:colon"}
rules:
- {apiGroups: [""], resources: [configmaps], verbs: [get]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "open-cluster-management:test-binding"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:test:colon"}
subjects: [{kind: ServiceAccount, name: builder, namespace: team}]
---
apiVersion: v1
kind: Secret
metadata:
  name: builder-token-abcde
  namespace: team
  annotations: {kubernetes.io/service-account.name: builder}
type: kubernetes.io/service-account-token
---
apiVersion: v1
kind: Secret
metadata: {name: builder-registry, namespace: team}
stringData: {user: me}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: builder, namespace: team}
secrets: [{name: builder-registry}, {name: builder-token-abcde}]
`;

async function namespaceDefaults(hub: TestHub, ns: string): Promise<void> {
  await waitFor(
    `the default ServiceAccount and kube-root-ca.crt in ${ns}`,
    async () => Boolean((await tryGet(hub, SERVICE_ACCOUNTS, 'default', ns)) && (await tryGet(hub, CONFIGMAPS, 'kube-root-ca.crt', ns))),
    20_000,
  );
}

describe('restoring RBAC names, service accounts and namespace defaults', () => {
  let shared: TempStore;
  let source: TestHub;
  let backup: Backup;
  const targets: TestHub[] = [];

  /** Another hub sharing the storage, with namespace `team` already there (as on a passive hub). */
  async function target(): Promise<TestHub> {
    const hub = await startHub({ location: { dir: shared.dir, default: true } });
    targets.push(hub);
    await registerBackup(hub, backup);
    await hub.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    await namespaceDefaults(hub, 'team');
    return hub;
  }

  before(async () => {
    shared = await tempStore();
    source = await startHub({ location: { dir: shared.dir, default: true } });
    await apply(source, FIXTURES);
    await namespaceDefaults(source, 'team');
    backup = await makeBackup(source, shared.store, 'team', {
      includedNamespaces: ['team'],
      includedResources: ['namespaces', 'serviceaccounts', 'secrets', 'configmaps', 'clusterroles', 'clusterrolebindings'],
      includeClusterResources: true,
    });
  });

  after(async () => {
    for (const t of targets) await t.teardown();
    await source?.teardown();
    await shared?.remove();
  });

  test('a ClusterRole system:test:colon and its binding are restored; the account no longer lists its token Secret', async () => {
    const hub = await target();
    const outcome = await restore(hub, shared.store, 'r-team', { backupName: 'team' });
    assert.equal(outcome.status.phase, 'Completed', JSON.stringify(outcome.results));
    assert.equal(outcome.status.errors, undefined, JSON.stringify(outcome.results));

    const role = await tryGet<Obj>(hub, CLUSTER_ROLES, 'system:test:colon');
    assert.deepEqual(role?.rules, [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]);
    assert.equal(role?.metadata?.labels?.['velero.io/restore-name'], 'r-team');
    assert.ok(await tryGet(hub, CLUSTER_ROLE_BINDINGS, 'open-cluster-management:test-binding'));

    const account = await tryGet<Obj>(hub, SERVICE_ACCOUNTS, 'builder', 'team');
    assert.deepEqual(account?.secrets, [{ name: 'builder-registry' }], "Velero's ServiceAccountAction drops the <name>-token- entry");
    assert.equal(await tryGet(hub, SECRETS, 'builder-token-abcde', 'team'), undefined, 'the token Secret itself is skipped');
    assert.ok(await tryGet(hub, SECRETS, 'builder-registry', 'team'));

    const files = await readRestoreFiles(shared.store, 'r-team');
    assert.deepEqual(files.resourceList['rbac.authorization.k8s.io/v1/ClusterRole'], ['system:test:colon(created)']);
    assert.deepEqual(files.resourceList['rbac.authorization.k8s.io/v1/ClusterRoleBinding'], ['open-cluster-management:test-binding(created)']);
    assert.ok(files.resourceList['v1/Secret'].includes('team/builder-token-abcde(skipped)'), JSON.stringify(files.resourceList));
    assert.ok(files.resourceList['v1/ServiceAccount'].includes('team/builder(created)'));
  });

  test("the namespace's own objects meet their live twins as on a real cluster: the default account merges, kube-root-ca.crt keeps this hub's CA", async () => {
    const hub = await target();
    const liveCa = (await tryGet<Obj>(hub, CONFIGMAPS, 'kube-root-ca.crt', 'team'))?.data;
    const outcome = await restore(hub, shared.store, 'r-defaults', { backupName: 'team' });
    assert.equal(outcome.status.phase, 'Completed');
    // Velero's warning for a ConfigMap that differs from the backed-up one (velero-io/velero#6818);
    // the ServiceAccount is merged without one.
    assert.deepEqual(outcome.results?.warnings, {
      namespaces: {
        team: ['could not restore, ConfigMap:kube-root-ca.crt already exists. Warning: the in-cluster version is different than the backed-up version'],
      },
    });
    const list = outcome.resourceList ?? {};
    assert.ok(list['v1/ConfigMap'].includes('team/kube-root-ca.crt(failed)'), JSON.stringify(list));
    assert.ok(list['v1/ServiceAccount'].includes('team/default(updated)') || list['v1/ServiceAccount'].includes('team/default(skipped)'), JSON.stringify(list));
    assert.deepEqual((await tryGet<Obj>(hub, CONFIGMAPS, 'kube-root-ca.crt', 'team'))?.data, liveCa, "this hub's CA stays");
  });

  test('with existingResourcePolicy update the backed-up CA is written, and the hub puts its own back', async () => {
    const hub = await target();
    const liveCa = (await tryGet<Obj>(hub, CONFIGMAPS, 'kube-root-ca.crt', 'team'))?.data;
    const outcome = await restore(hub, shared.store, 'r-update', { backupName: 'team', existingResourcePolicy: 'update' });
    assert.equal(outcome.status.phase, 'Completed');
    assert.equal(outcome.status.warnings, undefined, JSON.stringify(outcome.results));
    assert.ok(outcome.resourceList?.['v1/ConfigMap'].includes('team/kube-root-ca.crt(updated)'), JSON.stringify(outcome.resourceList));
    await waitFor(
      "the hub's CA back in kube-root-ca.crt",
      async () => JSON.stringify((await tryGet<Obj>(hub, CONFIGMAPS, 'kube-root-ca.crt', 'team'))?.data) === JSON.stringify(liveCa),
      20_000,
    );
  });
});

// cleanupBeforeRestore (hub-backup.md §4.8, decision 5) on a hub restoring another hub's backups:
// each mode deletes exactly the objects the spec says and keeps everything else (the local
// cluster and its namespace, exclude-from-backup, installer.name=multiclusterhub, user objects
// under CleanupRestored, cluster-activation data while passive); and `lifeboat restore preview`,
// run just before, lists what the Restore then does, object for object.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { writeFile } from 'node:fs/promises';
import YAML from 'yaml';
import { RESTORES, type Restore } from '../../src/api/velero/index.js';
import { apiVersionOf, type KubeObject } from '../../src/kube/index.js';
import { discoverCleanupCatalog } from '../../src/backup/restore/cleanup/index.js';
import type { RestorePreview } from '../../src/backup/restore/preview/index.js';
import { waitFor } from '../support/index.js';
import { APPS_CONTENT, HubPair, NS, SLOW_MS, deleteRestore, restoreYaml, runCli, startBackups, waitRestorePhase, type TestHub } from './restore-harness.js';

const OLD_CREDS = 'acm-credentials-schedule-20200101000000';
const OLD_RESOURCES = 'acm-resources-schedule-20200101000000';
const OLD_GENERIC = 'acm-resources-generic-schedule-20200101000000';

/** Hub A's content: what the backups hold. */
const CONTENT = `apiVersion: cluster.open-cluster-management.io/v1
kind: ManagedCluster
metadata: {name: managed-1}
spec: {hubAcceptsClient: true}
---
${APPS_CONTENT}`;

interface Seed {
  kind: 'Secret' | 'ConfigMap' | 'Placement' | 'ManagedCluster';
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  /** Deleted by None, CleanupRestored (passive restore), CleanupAll (restore of everything). */
  deleted: [boolean, boolean, boolean];
}

const BN = 'velero.io/backup-name';
const SEEDS: Seed[] = [
  {
    kind: 'Secret',
    name: 'restored-old',
    namespace: 'seed',
    labels: { 'cluster.open-cluster-management.io/type': 'aws', [BN]: OLD_CREDS },
    deleted: [false, true, true],
  },
  { kind: 'Secret', name: 'user-secret', namespace: 'seed', labels: { 'cluster.open-cluster-management.io/type': 'aws' }, deleted: [false, false, true] },
  { kind: 'Secret', name: 'plain', namespace: 'seed', labels: {}, deleted: [false, false, false] },
  {
    kind: 'ConfigMap',
    name: 'activation-old',
    namespace: 'seed',
    labels: { 'cluster.open-cluster-management.io/backup': 'cluster-activation', [BN]: OLD_CREDS },
    deleted: [false, false, true],
  },
  {
    kind: 'ConfigMap',
    name: 'generic-cm-old',
    namespace: 'seed',
    labels: { 'cluster.open-cluster-management.io/backup': 'generic', [BN]: OLD_CREDS },
    deleted: [false, true, true],
  },
  { kind: 'Placement', name: 'old-placement', namespace: 'seed', labels: { [BN]: OLD_RESOURCES }, deleted: [false, true, true] },
  { kind: 'Placement', name: 'user-placement', namespace: 'seed', labels: {}, deleted: [false, false, true] },
  {
    kind: 'Placement',
    name: 'excluded-placement',
    namespace: 'seed',
    labels: { 'velero.io/exclude-from-backup': 'true', [BN]: OLD_RESOURCES },
    deleted: [false, false, false],
  },
  {
    kind: 'Placement',
    name: 'mch-placement',
    namespace: 'seed',
    labels: { 'installer.name': 'multiclusterhub', [BN]: OLD_RESOURCES },
    deleted: [false, false, false],
  },
  {
    kind: 'Placement',
    name: 'generic-old',
    namespace: 'seed',
    labels: { 'cluster.open-cluster-management.io/backup': 'generic', [BN]: OLD_GENERIC },
    deleted: [false, true, true],
  },
  {
    kind: 'Placement',
    name: 'generic-user',
    namespace: 'seed',
    labels: { 'cluster.open-cluster-management.io/backup': 'generic' },
    deleted: [false, false, true],
  },
  {
    kind: 'Placement',
    name: 'generic-activation',
    namespace: 'seed',
    labels: { 'cluster.open-cluster-management.io/backup': 'cluster-activation', [BN]: OLD_GENERIC },
    deleted: [false, false, true],
  },
  { kind: 'Placement', name: 'local-old', namespace: 'local-cluster', labels: { [BN]: OLD_RESOURCES }, deleted: [false, false, false] },
  { kind: 'ManagedCluster', name: 'local-cluster', labels: { 'local-cluster': 'true' }, deleted: [false, false, false] },
  { kind: 'ManagedCluster', name: 'stale-cluster', labels: {}, deleted: [false, false, true] },
];

function seedYaml(): string {
  const docs = [
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: seed}\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: local-cluster}\n',
    // Differs from hub A's placement-a: the restore updates it (existingResourcePolicy update).
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n',
    'apiVersion: cluster.open-cluster-management.io/v1beta1\nkind: Placement\nmetadata: {name: placement-a, namespace: apps}\nspec: {clusterSets: [other]}\n',
  ];
  for (const s of SEEDS) {
    const meta = `metadata: ${JSON.stringify({ name: s.name, ...(s.namespace ? { namespace: s.namespace } : {}), labels: s.labels })}`;
    if (s.kind === 'Secret') docs.push(`apiVersion: v1\nkind: Secret\n${meta}\nstringData: {k: v}\n`);
    if (s.kind === 'ConfigMap') docs.push(`apiVersion: v1\nkind: ConfigMap\n${meta}\ndata: {k: v}\n`);
    if (s.kind === 'Placement') docs.push(`apiVersion: cluster.open-cluster-management.io/v1beta1\nkind: Placement\n${meta}\nspec: {}\n`);
    if (s.kind === 'ManagedCluster')
      docs.push(`apiVersion: cluster.open-cluster-management.io/v1\nkind: ManagedCluster\n${meta}\nspec: {hubAcceptsClient: true}\n`);
  }
  return docs.join('---\n');
}

const idOf = (apiVersion: string, kind: string, namespace: string | undefined, name: string): string => `${apiVersion}/${kind}|${namespace ?? ''}|${name}`;
const seedId = (s: Seed): string =>
  idOf(
    s.kind === 'Placement' ? 'cluster.open-cluster-management.io/v1beta1' : s.kind === 'ManagedCluster' ? 'cluster.open-cluster-management.io/v1' : 'v1',
    s.kind,
    s.namespace,
    s.name,
  );

// Objects that change on their own (events, leases, the velero and Restore bookkeeping) are not
// what a cleanup deletes.
const VOLATILE_GROUPS = ['events.k8s.io', 'coordination.k8s.io', 'velero.io'];
const VOLATILE = ['events', 'restores', 'backupschedules'];

/** Every object the cleanup could touch, by identity; fails while a deletion is still in progress. */
async function snapshot(hub: TestHub): Promise<Set<string>> {
  const catalog = await discoverCleanupCatalog(hub.client);
  const ids = new Set<string>();
  for (const { ref } of catalog.entries) {
    if (VOLATILE_GROUPS.includes(ref.group) || VOLATILE.includes(ref.plural)) continue;
    for await (const obj of hub.client.listAll<KubeObject & { metadata: { deletionTimestamp?: string } }>(ref)) {
      if (obj.metadata?.deletionTimestamp) throw new Error(`${ref.plural} ${obj.metadata.name} is still being deleted`);
      ids.add(idOf(apiVersionOf(ref), ref.kind ?? '', obj.metadata?.namespace, obj.metadata?.name ?? ''));
    }
  }
  return ids;
}

async function settledSnapshot(hub: TestHub): Promise<Set<string>> {
  let ids = new Set<string>();
  await waitFor(
    'foreground deletions finished',
    async () => {
      try {
        ids = await snapshot(hub);
        return true;
      } catch {
        return false;
      }
    },
    SLOW_MS,
    200,
  );
  return ids;
}

async function findFile(dir: string, name: string): Promise<string | undefined> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = await findFile(full, name);
      if (found) return found;
    } else if (entry.name === name) return full;
  }
  return undefined;
}

/** What the velero restores did, from their resource lists in storage (`apiVersion/Kind` → `ns/name(action)`). */
async function restoredActions(storage: string, names: readonly string[]): Promise<Map<string, string>> {
  const actions = new Map<string, string>();
  for (const name of names) {
    const file = await findFile(storage, `restore-${name}-resource-list.json.gz`);
    assert.ok(file, `resource list of ${name}`);
    const list = JSON.parse(gunzipSync(await readFile(file)).toString()) as Record<string, string[]>;
    for (const [type, entries] of Object.entries(list)) {
      const slash = type.lastIndexOf('/');
      for (const entry of entries) {
        const m = /^(?:(.*)\/)?([^/(]+)\((\w+)\)$/.exec(entry);
        assert.ok(m, entry);
        const id = idOf(type.slice(0, slash), type.slice(slash + 1), m[1], m[2]);
        if (!actions.has(id)) actions.set(id, m[3]);
      }
    }
  }
  return actions;
}

const previewIds = (objects: RestorePreview['create']): string[] => objects.map((o) => idOf(o.apiVersion, o.kind, o.namespace, o.name)).sort();

describe('delta cleanup and restore preview', () => {
  const pair = new HubPair();
  let a: TestHub;
  let b: TestHub;

  before(async () => {
    await pair.init();
    [a, b] = await Promise.all([pair.start('a'), pair.start('b')]);
    await a.k(['apply', '-f', '-'], CONTENT);
    await startBackups(a, [b]);
  });
  after(async () => {
    await pair.teardown();
  });

  const modes: [string, Record<string, string>, number][] = [
    ['None', { veleroManagedClustersBackupName: 'skip', veleroCredentialsBackupName: 'latest', veleroResourcesBackupName: 'latest' }, 0],
    ['CleanupRestored', { veleroManagedClustersBackupName: 'skip', veleroCredentialsBackupName: 'latest', veleroResourcesBackupName: 'latest' }, 1],
    ['CleanupAll', { veleroManagedClustersBackupName: 'latest', veleroCredentialsBackupName: 'latest', veleroResourcesBackupName: 'latest' }, 2],
  ];
  for (const [mode, names, column] of modes) {
    it(`${mode}: deletes exactly what §4.8 says, and the preview matches the Restore object for object`, async () => {
      // The same starting point each time: hub A's objects not yet on hub B, the seeds in place.
      await b.kubectl(['delete', 'namespace', 'apps', 'seed', 'managed-1', '--ignore-not-found', '--wait=true']);
      await b.kubectl(['delete', 'managedclusters.cluster.open-cluster-management.io', 'managed-1', 'stale-cluster', '--ignore-not-found']);
      await b.k(['apply', '-f', '-'], seedYaml());
      const name = `restore-${mode.toLowerCase()}`;
      const manifest = restoreYaml(name, { cleanupBeforeRestore: mode, ...names });
      const file = path.join(pair.storage, '..', `${name}-${process.pid}.yaml`);
      await writeFile(file, manifest);
      pair.own(file);

      const preview = await runCli(['restore', 'preview', '-f', file, '--kubeconfig', b.process.kubeconfigPath, '-o', 'json']);
      assert.equal(preview.code, 0, preview.stderr);
      const planned = JSON.parse(preview.stdout) as RestorePreview;
      if (mode === 'None') {
        const asYaml = await runCli(['restore', 'preview', '-f', file, '--kubeconfig', b.process.kubeconfigPath, '-o', 'yaml']);
        assert.equal(asYaml.code, 0, asYaml.stderr);
        assert.deepEqual(YAML.parse(asYaml.stdout), planned, '-o yaml is the same document as -o json');
      }
      const table = await runCli(['restore', 'preview', '-f', file, '--kubeconfig', b.process.kubeconfigPath]);
      assert.match(table.stdout, /^CREATE \(\d+\)\n/);
      assert.match(table.stdout, /\nDELETE \(\d+\)/);

      const before = await settledSnapshot(b);
      await b.k(['apply', '-f', file]);
      const restore = await waitRestorePhase(b, name, ['Finished', 'FinishedWithErrors']);
      assert.equal(restore.status?.phase, 'Finished', restore.status?.lastMessage);
      const afterIds = await settledSnapshot(b);

      const deleted = [...before].filter((id) => !afterIds.has(id)).sort();
      assert.deepEqual(previewIds(planned.delete), deleted, 'preview deletions = what the cleanup deleted');
      const seeds = SEEDS.filter((s) => s.deleted[column])
        .map(seedId)
        .sort();
      assert.deepEqual(
        deleted.filter((id) => SEEDS.some((s) => seedId(s) === id)),
        seeds,
        `the seeds ${mode} deletes`,
      );
      if (mode === 'None') assert.deepEqual(deleted, []);
      // What the hub itself keeps in every namespace is not a backup object: no cleanup deletes it.
      assert.deepEqual(
        deleted.filter((id) => id.startsWith('v1/ServiceAccount|') || id.endsWith('|kube-root-ca.crt')),
        [],
      );
      if (mode === 'CleanupAll') {
        // Decision 5: what CleanupAll deleted is counted in Events, one per part.
        const described = await b.k(['describe', 'restores.cluster.open-cluster-management.io', name, '-n', NS]);
        const counts = [...described.matchAll(/CleanupDeleted\s+\S+\s+\S+\s+Deleted (\d+) objects? not in backup (\S+) \(cleanupBeforeRestore=CleanupAll\)/g)];
        assert.equal(counts.length, 4, described);
        assert.equal(
          counts.reduce((n, m) => n + Number(m[1]), 0),
          deleted.length,
          described,
        );
      }

      const velero = (await b.client.list<Restore>(RESTORES, { namespace: NS })).items.filter((r) => r.metadata.ownerReferences?.some((o) => o.name === name));
      const actions = await restoredActions(
        pair.storage,
        velero.map((v) => v.metadata.name ?? ''),
      );
      const created = [...actions]
        .filter(([, act]) => act === 'created')
        .map(([id]) => id)
        .sort();
      const updated = [...actions]
        .filter(([, act]) => act === 'updated')
        .map(([id]) => id)
        .sort();
      assert.deepEqual(previewIds(planned.create), created, 'preview creates = what the velero restores created');
      assert.deepEqual(previewIds(planned.update), updated, 'preview updates = what the velero restores updated');
      assert.ok(created.length > 0);
      assert.ok(updated.includes(idOf('cluster.open-cluster-management.io/v1beta1', 'Placement', 'apps', 'placement-a')), 'the differing placement is updated');
      const change = planned.update.find((o) => o.name === 'placement-a');
      assert.ok(change?.changedPaths?.includes('spec.clusterSets'), JSON.stringify(change));
      await deleteRestore(b, name);
    });
  }
});

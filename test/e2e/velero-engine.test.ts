// End to end through the real CLI: two `lifeboat up` processes on one storage directory are a
// disaster-recovery pair. Hub A backs up; hub B sees A's backups through sync and restores them.
// Then a crash in the middle of a 20,000-object scheduled backup.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import type { KubeClient, ResourceRef } from '../../src/kube/index.js';
import { clientFor, startLifeboatProcess, tempDir, waitFor, type HubProcess } from '../support/index.js';
import { NAMESPACES, CONFIGMAPS, SECRETS, CUSTOM_RESOURCE_DEFINITIONS as CRDS } from '../../src/kube/index.js';

const NS = 'open-cluster-management-backup';
const BACKUPS: ResourceRef = { group: 'velero.io', version: 'v1', plural: 'backups', namespaced: true, kind: 'Backup' };
const RESTORES: ResourceRef = { group: 'velero.io', version: 'v1', plural: 'restores', namespaced: true, kind: 'Restore' };
const SCHEDULES: ResourceRef = { group: 'velero.io', version: 'v1', plural: 'schedules', namespaced: true, kind: 'Schedule' };
const GADGETS: ResourceRef = { group: 'fleet.example.com', version: 'v1', plural: 'gadgets', namespaced: true, kind: 'Gadget' };
const REGIONS: ResourceRef = { group: 'fleet.example.com', version: 'v1', plural: 'regions', namespaced: false, kind: 'Region' };

interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  status?: { phase?: string; [k: string]: unknown };
  [k: string]: unknown;
}

function crd(plural: string, kind: string, scope: 'Namespaced' | 'Cluster'): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.fleet.example.com` },
    spec: {
      group: 'fleet.example.com',
      scope,
      names: { plural, singular: kind.toLowerCase(), kind },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
        },
      ],
    },
  };
}

/** What must survive a backup and restore: everything but the server-assigned metadata. */
function normalise(o: Obj): unknown {
  const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, generation: _g, ...meta } = o.metadata;
  const labels = { ...(o.metadata.labels ?? {}) };
  delete labels['velero.io/backup-name'];
  delete labels['velero.io/restore-name'];
  const { status: _s, ...rest } = o;
  return { ...rest, metadata: { ...meta, labels } };
}

async function phaseOf(client: KubeClient, ref: ResourceRef, name: string): Promise<string | undefined> {
  try {
    return (await client.get<Obj>(ref, name, { namespace: NS })).status?.phase;
  } catch {
    return undefined;
  }
}

describe('the Velero-compatible engine end to end', () => {
  const dirs: string[] = [];
  const procs: HubProcess[] = [];
  const clients: KubeClient[] = [];
  let storage: string;
  let hubA: HubProcess;
  let hubB: HubProcess;
  let a: KubeClient;
  let b: KubeClient;

  before(async () => {
    storage = await tempDir('storage');
    const dirA = await tempDir('a');
    const dirB = await tempDir('b');
    dirs.push(storage, dirA, dirB);
    [hubA, hubB] = await Promise.all([
      startLifeboatProcess('up', dirA, ['--storage', storage, '--backup-sync-interval', '2s']),
      startLifeboatProcess('up', dirB, ['--storage', storage, '--backup-sync-interval', '2s']),
    ]);
    procs.push(hubA, hubB);
    a = clientFor(hubA.kubeconfigPath);
    b = clientFor(hubB.kubeconfigPath);
    clients.push(a, b);
  });

  after(async () => {
    for (const c of clients) c.close();
    for (const p of procs) await p.stop('SIGKILL');
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('hub B restores what hub A backed up, through shared storage', async () => {
    await a.create(CRDS, crd('gadgets', 'Gadget', 'Namespaced'));
    await a.create(CRDS, crd('regions', 'Region', 'Cluster'));
    await waitFor(
      'CRDs served on A',
      async () => {
        try {
          await a.list(GADGETS, { namespace: 'default' });
          await a.list(REGIONS);
          return true;
        } catch {
          return false;
        }
      },
      10_000,
    );
    for (const ns of ['app-one', 'app-two', 'other']) {
      await a.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: ns } } });
      await a.create(
        CONFIGMAPS,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns, annotations: { note: ns } }, data: { color: ns } },
        { namespace: ns },
      );
      await a.create(
        SECRETS,
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'creds', namespace: ns, labels: { 'cluster.open-cluster-management.io/type': 'aws' } },
          type: 'Opaque',
          stringData: { key: `secret-${ns}` },
        },
        { namespace: ns },
      );
      await a.create(
        GADGETS,
        { apiVersion: 'fleet.example.com/v1', kind: 'Gadget', metadata: { name: 'g1', namespace: ns }, spec: { size: ns.length } },
        { namespace: ns },
      );
    }
    await a.create(
      CONFIGMAPS,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'skip-me', namespace: 'app-one', labels: { 'velero.io/exclude-from-backup': 'true' } },
        data: { x: '1' },
      },
      { namespace: 'app-one' },
    );
    await a.create(REGIONS, { apiVersion: 'fleet.example.com/v1', kind: 'Region', metadata: { name: 'emea' }, spec: { zones: 3 } });

    await a.create(
      BACKUPS,
      {
        apiVersion: 'velero.io/v1',
        kind: 'Backup',
        metadata: { name: 'apps', namespace: NS },
        spec: { includedNamespaces: ['app-*'], includeClusterResources: true },
      },
      { namespace: NS },
    );
    await waitFor('backup Completed on A', async () => (await phaseOf(a, BACKUPS, 'apps')) === 'Completed', 60_000);

    // B sees it through sync, with the labels Velero puts on it.
    await waitFor('backup synced to B', async () => (await phaseOf(b, BACKUPS, 'apps')) === 'Completed', 60_000);
    const synced = await b.get<Obj>(BACKUPS, 'apps', { namespace: NS });
    assert.equal(synced.metadata.labels?.['velero.io/storage-location'], 'default');

    await b.create(
      RESTORES,
      { apiVersion: 'velero.io/v1', kind: 'Restore', metadata: { name: 'apps-restore', namespace: NS }, spec: { backupName: 'apps' } },
      { namespace: NS },
    );
    await waitFor(
      'restore finished on B',
      async () => ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'].includes((await phaseOf(b, RESTORES, 'apps-restore')) ?? ''),
      120_000,
    );
    const restore = await b.get<Obj>(RESTORES, 'apps-restore', { namespace: NS });
    assert.equal(restore.status?.phase, 'Completed', JSON.stringify(restore.status));

    for (const ns of ['app-one', 'app-two']) {
      for (const [ref, name] of [
        [CONFIGMAPS, 'settings'],
        [SECRETS, 'creds'],
        [GADGETS, 'g1'],
      ] as const) {
        const original = await a.get<Obj>(ref, name, { namespace: ns });
        const restored = await b.get<Obj>(ref, name, { namespace: ns });
        assert.deepEqual(normalise(restored), normalise(original), `${ref.plural} ${ns}/${name}`);
        assert.equal(restored.metadata.labels?.['velero.io/backup-name'], 'apps');
        assert.equal(restored.metadata.labels?.['velero.io/restore-name'], 'apps-restore');
      }
      const namespace = await b.get<Obj>(NAMESPACES, ns);
      assert.equal(namespace.metadata.labels?.['velero.io/backup-name'], undefined, 'namespaces are not labelled');
    }
    const region = await b.get<Obj>(REGIONS, 'emea');
    assert.deepEqual(normalise(region), normalise(await a.get<Obj>(REGIONS, 'emea')));
    await assert.rejects(b.get(NAMESPACES, 'other'), 'excluded namespace not restored');
    await assert.rejects(b.get(CONFIGMAPS, 'skip-me', { namespace: 'app-one' }), 'exclude-from-backup honoured');
  });

  it('a crash during a 20,000-object backup ends it Failed; the next scheduled backup completes', async () => {
    const dir = await tempDir('crash');
    dirs.push(dir);
    const crashStorage = await tempDir('crash-storage');
    dirs.push(crashStorage);
    let hub = await startLifeboatProcess('up', dir, ['--storage', crashStorage]);
    procs.push(hub);
    let c = clientFor(hub.kubeconfigPath);
    clients.push(c);
    await c.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bulk' } });
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (;;) {
          const i = next++;
          if (i >= 20_000) return;
          await c.create(
            CONFIGMAPS,
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'bulk' }, data: { v: 'x'.repeat(200) } },
            { namespace: 'bulk' },
          );
        }
      }),
    );
    await c.create(
      SCHEDULES,
      {
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: { name: 'bulk', namespace: NS },
        spec: { schedule: '@every 20s', template: { includedNamespaces: ['bulk'] } },
      },
      { namespace: NS },
    );
    // A watch sees every phase change, so the kill lands right after the backup went InProgress,
    // however fast the engine is; polling could miss a backup that finishes between two polls.
    let first = '';
    const watching = new AbortController();
    const deadline = setTimeout(() => watching.abort(new Error('no scheduled backup went InProgress within 60 s')), 60_000);
    try {
      for await (const event of c.watch<Obj>(BACKUPS, { namespace: NS, signal: watching.signal, timeoutSeconds: 60 })) {
        if (event.type !== 'ADDED' && event.type !== 'MODIFIED') continue;
        if (event.object.status?.phase === 'InProgress') {
          first = event.object.metadata.name;
          break;
        }
      }
    } finally {
      clearTimeout(deadline);
    }
    assert.ok(first, 'a scheduled backup went InProgress');
    hub.child.kill('SIGKILL');
    await hub.stop('SIGKILL');
    c.close();

    hub = await startLifeboatProcess('up', dir, ['--storage', crashStorage]);
    procs.push(hub);
    c = clientFor(hub.kubeconfigPath);
    clients.push(c);
    await waitFor('the interrupted backup marked Failed', async () => (await phaseOf(c, BACKUPS, first)) === 'Failed', 30_000);
    const failed = await c.get<Obj>(BACKUPS, first, { namespace: NS });
    assert.match(String(failed.status?.failureReason), /during the server starting, mark it as "Failed"/);
    await waitFor(
      'the next scheduled backup Completed',
      async () => {
        const list = await c.list<Obj>(BACKUPS, { namespace: NS });
        return list.items.some((x) => x.metadata.name !== first && x.status?.phase === 'Completed');
      },
      120_000,
    );
    const done = (await c.list<Obj>(BACKUPS, { namespace: NS })).items.find((x) => x.metadata.name !== first && x.status?.phase === 'Completed') as Obj;
    assert.equal((done.status as { progress?: { itemsBackedUp?: number } }).progress?.itemsBackedUp, 20_001, 'every ConfigMap and the namespace');
  });
});

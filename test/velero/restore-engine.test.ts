// runRestore against real embedded hubs: a backup made on one hub, restored into others.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LABEL_BACKUP_NAME, LABEL_RESTORE_NAME, NON_RESTORABLE_RESOURCES, type Backup } from '../../src/api/velero/index.js';
import { CONFIGMAPS, CUSTOM_RESOURCE_DEFINITIONS as CRDS, NAMESPACES, SECRETS, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { startHub, type TestHub } from '../support/index.js';
import { FIXTURES, GADGETS, populateSource, WIDGETS } from './restore-fixtures.js';
import { entries, makeBackup, names, readRestoreFiles, registerBackup, restore, tempStore, tryGet, yamlDocs, type TempStore } from './restore-helpers.js';
import { SERVICE_ACCOUNTS } from '../../src/kube/index.js';

type Obj = KubeObject & Record<string, unknown>;

const SERVICES: ResourceRef = { group: '', version: 'v1', plural: 'services', namespaced: true, kind: 'Service' };

/** An object without what a restore legitimately changes: server-set metadata, status, restore labels. */
function normalised(o: Obj): Obj {
  const c = structuredClone(o);
  const meta = (c.metadata ?? {}) as Record<string, unknown>;
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink']) delete meta[k];
  const labels = meta.labels as Record<string, string> | undefined;
  if (labels) {
    delete labels[LABEL_BACKUP_NAME];
    delete labels[LABEL_RESTORE_NAME];
  }
  delete c.status;
  return c;
}

async function labelled(hub: TestHub, ref: ResourceRef): Promise<Obj[]> {
  const out: Obj[] = [];
  for await (const o of hub.client.listAll<Obj>(ref, { labelSelector: 'test=restore' })) out.push(o);
  return out.sort((a, b) => `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.metadata?.namespace}/${b.metadata?.name}`));
}

describe('runRestore', () => {
  let shared: TempStore;
  let source: TestHub;
  let full: Backup;
  const targets: TestHub[] = [];

  async function target(): Promise<TestHub> {
    const hub = await startHub({ location: { dir: shared.dir, default: true } });
    targets.push(hub);
    await registerBackup(hub, full);
    return hub;
  }

  before(async () => {
    shared = await tempStore();
    source = await startHub({ location: { dir: shared.dir, default: true } });
    full = await populateSource(source, shared.store);
  });

  after(async () => {
    for (const t of targets) await t.teardown();
    await source?.teardown();
    await shared?.remove();
  });

  test('restores every backed-up object into an empty hub, labelled, with Velero files and counts', async () => {
    const hub = await target();
    const outcome = await restore(hub, shared.store, 'r-full', { backupName: 'full' });
    assert.equal(outcome.status.phase, 'Completed', JSON.stringify(outcome));
    assert.equal(outcome.status.errors, undefined);
    assert.equal(outcome.status.warnings, undefined);
    assert.match(outcome.status.startTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(outcome.status.completionTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Velero's spec mutations, for the controller to persist.
    for (const r of NON_RESTORABLE_RESOURCES) assert.ok(outcome.spec.excludedResources?.includes(r), r);
    assert.equal(outcome.spec.itemOperationTimeout, '4h0m0s');

    for (const ref of [CRDS, SECRETS, CONFIGMAPS, WIDGETS, GADGETS]) {
      const want = await labelled(source, ref);
      const got = await labelled(hub, ref);
      assert.ok(want.length > 0, ref.plural);
      assert.deepEqual(
        got.map(normalised).map((o) => ({ ...o, metadata: { ...o.metadata, ownerReferences: undefined } })),
        want.map(normalised).map((o) => ({ ...o, metadata: { ...o.metadata, ownerReferences: undefined } })),
        ref.plural,
      );
      for (const o of got) {
        assert.equal(o.metadata?.labels?.[LABEL_BACKUP_NAME], 'full', `${ref.plural} ${o.metadata?.name}`);
        assert.equal(o.metadata?.labels?.[LABEL_RESTORE_NAME], 'r-full', `${ref.plural} ${o.metadata?.name}`);
        assert.equal(o.metadata?.ownerReferences, undefined, 'owner references are never restored');
      }
    }
    // Namespaces come back with their labels and annotations but never get the restore labels.
    for (const ns of ['app1', 'app2', 'empty-ns']) {
      const want = (await tryGet<Obj>(source, NAMESPACES, ns))!;
      const got = await tryGet<Obj>(hub, NAMESPACES, ns);
      assert.ok(got, ns);
      assert.deepEqual(got.metadata?.labels, want.metadata?.labels, ns);
      assert.deepEqual(got.metadata?.annotations, want.metadata?.annotations, ns);
    }
    // Status is not restored by default; the owned ConfigMap lost its owner.
    const w1 = (await tryGet<Obj>(hub, WIDGETS, 'w1', 'app1'))!;
    assert.equal((w1.status as Record<string, unknown> | undefined)?.ready, undefined);
    assert.equal((await tryGet<Obj>(hub, CONFIGMAPS, 'owned', 'app1'))?.metadata?.ownerReferences, undefined);
    assert.equal(
      Buffer.from(((await tryGet<Obj>(hub, SECRETS, 'db-password', 'app1'))!.data as Record<string, string>).password, 'base64').toString(),
      'secret-value',
    );

    const files = await readRestoreFiles(shared.store, 'r-full');
    assert.equal(files.resultsText, '{"errors":{},"warnings":{}}\n');
    assert.deepEqual(files.itemOperations, []);
    assert.deepEqual(files.volumeInfo, []);
    assert.match(files.log, /level=info msg="Starting restore of backup velero\/full/);
    assert.deepEqual(files.resourceList['v1/Namespace'], ['app1(created)', 'app2(created)', 'empty-ns(created)']);
    assert.deepEqual(files.resourceList['v1/ConfigMap'], [
      'app1/db-config(created)',
      'app1/owned(created)',
      'app1/web-config(created)',
      'app2/cache-config(created)',
      'app2/web-config(created)',
    ]);
    assert.deepEqual(files.resourceList['v1/Secret'], ['app1/db-password(created)', 'app2/api-token(created)']);
    assert.deepEqual(files.resourceList['example.com/v1/Widget'], ['app1/w1(created)', 'app2/w2(created)']);
    assert.deepEqual(files.resourceList['example.com/v1/Gadget'], ['g1(created)', 'g2(created)']);
    assert.deepEqual(files.resourceList['apiextensions.k8s.io/v1/CustomResourceDefinition'], ['gadgets.example.com(created)', 'widgets.example.com(created)']);
    assert.equal(outcome.status.progress?.totalItems, entries(files.resourceList));
    assert.equal(outcome.status.progress?.itemsRestored, entries(files.resourceList));
    assert.deepEqual(outcome.resourceList, files.resourceList);
  });

  test('restore-time filters: namespaces, resources, cluster scope and label selectors', async () => {
    const hub = await target();
    // A specific namespace and no includeClusterResources: nothing cluster-scoped, not even the CRDs.
    const a = await restore(hub, shared.store, 'r-ns', {
      backupName: 'full',
      includedNamespaces: ['app1'],
      excludedResources: ['secrets'],
      labelSelector: { matchLabels: { tier: 'web' } },
    });
    assert.equal(a.status.phase, 'Completed', JSON.stringify(a));
    assert.deepEqual(a.resourceList, { 'v1/ConfigMap': ['app1/web-config(created)'], 'v1/Namespace': ['app1(created)'] });
    assert.deepEqual(await names(hub, CONFIGMAPS, 'app1').then((n) => n.filter((x) => x !== 'kube-root-ca.crt')), ['web-config']);
    assert.equal(await tryGet(hub, NAMESPACES, 'app2'), undefined);
    assert.equal(await tryGet(hub, CRDS, 'gadgets.example.com'), undefined);

    // orLabelSelectors, with resource names written as kinds and short names.
    const b = await restore(hub, shared.store, 'r-or', {
      backupName: 'full',
      includedResources: ['ConfigMap', 'secret'],
      excludedNamespaces: ['app1'],
      orLabelSelectors: [{ matchLabels: { tier: 'cache' } }, { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db', 'web'] }] }],
    });
    assert.equal(b.status.phase, 'Completed', JSON.stringify(b));
    assert.deepEqual(b.resourceList, {
      'v1/ConfigMap': ['app2/cache-config(created)', 'app2/web-config(created)'],
      'v1/Namespace': ['app2(created)'],
      'v1/Secret': ['app2/api-token(created)'],
    });

    // Cluster-scoped only: the CRD pass comes first, so the Gadgets find their type served.
    const c = await restore(hub, shared.store, 'r-cluster', {
      backupName: 'full',
      includeClusterResources: true,
      includedResources: ['gadgets.example.com', 'customresourcedefinitions'],
      labelSelector: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
    });
    assert.equal(c.status.phase, 'Completed', JSON.stringify(c));
    // The CRDs carry no tier label, so NotIn selects them; g2 is tier=db.
    assert.deepEqual(c.resourceList, {
      'apiextensions.k8s.io/v1/CustomResourceDefinition': ['gadgets.example.com(created)', 'widgets.example.com(created)'],
      'example.com/v1/Gadget': ['g1(created)'],
    });
    assert.deepEqual(await names(hub, GADGETS), ['g1']);
    assert.deepEqual(await names(hub, WIDGETS), []);

    // includeClusterResources: false keeps out cluster-scoped items even with every namespace.
    const d = await restore(hub, shared.store, 'r-nocluster', {
      backupName: 'full',
      includeClusterResources: false,
      includedResources: ['namespaces', 'gadgets.example.com'],
    });
    assert.equal(d.status.phase, 'Completed');
    assert.deepEqual(d.resourceList, {});
    assert.equal(await tryGet(hub, NAMESPACES, 'empty-ns'), undefined);
  });

  test('namespaceMapping restores into the target namespace, created from the original one; restoreStatus puts status back', async () => {
    const hub = await target();
    const outcome = await restore(hub, shared.store, 'r-map', {
      backupName: 'full',
      includedNamespaces: ['app1'],
      namespaceMapping: { app1: 'app1-copy' },
      includeClusterResources: true,
      restoreStatus: { includedResources: ['widgets.example.com'] },
    });
    assert.equal(outcome.status.phase, 'Completed', JSON.stringify(outcome));
    assert.equal(await tryGet(hub, NAMESPACES, 'app1'), undefined);
    const ns = (await tryGet<Obj>(hub, NAMESPACES, 'app1-copy'))!;
    assert.equal(ns.metadata?.labels?.team, 'alpha');
    assert.equal(ns.metadata?.labels?.[LABEL_RESTORE_NAME], undefined);
    assert.equal(ns.metadata?.annotations?.owner, 'alpha@example.com');
    assert.deepEqual(
      (await names(hub, CONFIGMAPS, 'app1-copy')).filter((n) => n !== 'kube-root-ca.crt'),
      ['db-config', 'owned', 'web-config'],
    );
    const w1 = (await tryGet<Obj>(hub, WIDGETS, 'w1', 'app1-copy'))!;
    assert.deepEqual(w1.status, { ready: true, observed: 3 });
    assert.equal(w1.metadata?.labels?.[LABEL_RESTORE_NAME], 'r-map');
    const list = outcome.resourceList ?? {};
    assert.ok(list['v1/Namespace'].includes('app1-copy(created)'), JSON.stringify(list));
    assert.ok(list['v1/ConfigMap'].includes('app1-copy/web-config(created)'));
    // Cluster resources are allowed and no per-name filter applies to Namespace objects (§5.7).
    assert.ok(list['v1/Namespace'].includes('empty-ns(created)'));
  });

  test("existingResourcePolicy none warns with Velero's text; update patches the object back", async () => {
    const hub = await target();
    const first = await restore(hub, shared.store, 'r-first', { backupName: 'full', includedNamespaces: ['app1', 'app2'] });
    assert.equal(first.status.phase, 'Completed', JSON.stringify(first));
    await hub.client.patch(CONFIGMAPS, 'web-config', { data: { listen: ':1', extra: 'x' } }, { type: 'merge', namespace: 'app1' });

    const none = await restore(hub, shared.store, 'r-none', {
      backupName: 'full',
      includedNamespaces: ['app1'],
      includedResources: ['configmaps'],
      existingResourcePolicy: 'none',
    });
    assert.equal(none.status.phase, 'Completed', 'warnings never change the phase');
    const warning = 'could not restore, ConfigMap "web-config" already exists. Warning: the in-cluster version is different than the backed-up version';
    assert.ok(none.results?.warnings.namespaces?.app1?.includes(warning), JSON.stringify(none.results));
    assert.equal(none.status.warnings, none.results?.warnings.namespaces?.app1?.length);
    assert.ok(none.resourceList?.['v1/ConfigMap'].includes('app1/web-config(failed)'));
    const untouched = (await tryGet<Obj>(hub, CONFIGMAPS, 'web-config', 'app1'))!;
    assert.deepEqual(untouched.data, { listen: ':1', extra: 'x', mode: 'production' });
    assert.equal(untouched.metadata?.labels?.[LABEL_RESTORE_NAME], 'r-first');
    // Existing namespaces are never touched by any policy.
    assert.equal(none.resourceList?.['v1/Namespace'], undefined);

    const update = await restore(hub, shared.store, 'r-update', {
      backupName: 'full',
      includedNamespaces: ['app1'],
      includedResources: ['configmaps'],
      existingResourcePolicy: 'update',
    });
    assert.equal(update.status.phase, 'Completed', JSON.stringify(update));
    assert.equal(update.status.warnings, undefined, JSON.stringify(update.results));
    const restored = (await tryGet<Obj>(hub, CONFIGMAPS, 'web-config', 'app1'))!;
    assert.deepEqual(restored.data, { listen: ':8080', mode: 'production' }, 'merge patch removes keys the backup does not have');
    assert.equal(restored.metadata?.labels?.[LABEL_RESTORE_NAME], 'r-update');
    assert.equal(restored.metadata?.labels?.[LABEL_BACKUP_NAME], 'full');
    assert.ok(update.resourceList?.['v1/ConfigMap'].includes('app1/web-config(updated)'), JSON.stringify(update.resourceList));
    for (const entry of update.resourceList?.['v1/ConfigMap'] ?? []) assert.match(entry, /\((updated|skipped)\)$/);
    // Every ConfigMap of app1 now carries the latest restore's name, changed or not.
    for (const name of ['db-config', 'owned'])
      assert.equal((await tryGet<Obj>(hub, CONFIGMAPS, name, 'app1'))?.metadata?.labels?.[LABEL_RESTORE_NAME], 'r-update', name);
  });

  test('built-in item actions: an existing ServiceAccount is merged, a Service gets a cluster IP of the target', async () => {
    await source.client.create(SERVICE_ACCOUNTS, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'builder', namespace: 'app1', labels: { test: 'restore', from: 'backup' } },
      secrets: [{ name: 'builder-creds' }],
      imagePullSecrets: [{ name: 'registry' }],
    } as Obj);
    await source.client.create(SERVICES, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'app1', labels: { test: 'restore' } },
      spec: { ports: [{ name: 'http', port: 80 }], selector: { app: 'web' } },
    } as Obj);
    const sourceService = (await tryGet<Obj>(source, SERVICES, 'web', 'app1'))!;
    const extras = await makeBackup(source, shared.store, 'extras', {
      includedNamespaces: ['app1'],
      includedResources: ['serviceaccounts', 'services'],
      labelSelector: { matchLabels: { test: 'restore' } },
    });
    const hub = await target();
    await registerBackup(hub, extras);
    await hub.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app1' } });
    await hub.client.create(SERVICE_ACCOUNTS, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'builder', namespace: 'app1', labels: { from: 'target' } },
      secrets: [{ name: 'local-token' }],
    } as Obj);

    const outcome = await restore(hub, shared.store, 'r-extras', { backupName: 'extras', existingResourcePolicy: 'none' });
    assert.equal(outcome.status.phase, 'Completed', JSON.stringify(outcome));
    assert.deepEqual(outcome.resourceList, { 'v1/Service': ['app1/web(created)'], 'v1/ServiceAccount': ['app1/builder(updated)'] });
    const sa = (await tryGet<Obj>(hub, SERVICE_ACCOUNTS, 'builder', 'app1'))!;
    assert.deepEqual(sa.secrets, [{ name: 'local-token' }, { name: 'builder-creds' }]);
    assert.deepEqual(sa.imagePullSecrets, [{ name: 'registry' }]);
    assert.equal(sa.metadata?.labels?.from, 'target', 'labels are only added where missing');
    assert.equal(sa.metadata?.labels?.test, 'restore');
    const svc = (await tryGet<Obj>(hub, SERVICES, 'web', 'app1'))!;
    const ip = (svc.spec as Record<string, unknown>).clusterIP;
    assert.ok(typeof ip === 'string' && ip !== '', 'the target allocated a cluster IP');
    assert.notEqual(ip, (sourceService.spec as Record<string, unknown>).clusterIP, "the source's cluster IP is not carried over");
  });
});

test('the restore harness reads YAML documents', () => {
  assert.deepEqual(
    yamlDocs('a: 1\n---\nb: 2\n').map((d) => Object.keys(d)),
    [['a'], ['b']],
  );
});

test('the fixtures parse into the kinds the restore tests expect', () => {
  const kinds = yamlDocs(FIXTURES).map((d) => d.kind);
  assert.deepEqual([...new Set(kinds)].sort(), ['ConfigMap', 'CustomResourceDefinition', 'Gadget', 'Namespace', 'Secret', 'Widget']);
});

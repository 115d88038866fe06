// Executing velero.io/v1 Backups against a real embedded hub into a directory storage location:
// which objects each filter selects (read back with the system's own tar), Velero's layout and
// formats, validation failures with Velero's words, and storage failures.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { BACKUPS, BACKUP_STORAGE_LOCATIONS } from '../../src/api/velero/crds.js';
import type { Backup, BackupSpec, BackupStorageLocation } from '../../src/api/velero/types.js';
import type { KubeClient } from '../../src/kube/index.js';
import { FsObjectStore } from '../../src/local/velero/object-store/fs-store.js';
import { runBackup } from '../../src/local/velero/backup/run-backup.js';
import { marshalGoJson, parseKubeJson } from '../../src/local/velero/backup/go-json.js';
import { startHub, tempDir, testLog, waitFor, type TestHub } from '../support/index.js';

const exec = promisify(execFile);
const NS = 'velero';
const CRD_GR = 'customresourcedefinitions.apiextensions.k8s.io';
const SECRET_VALUE = 'hunter2-super-secret';
const BIG_INT = '1700000000123456789';

let env: TestHub;
let client: KubeClient;
let root: string;
let storeDir: string;
const log = testLog();

const fixtures = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList, shortNames: [wd]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  names: {plural: gadgets, singular: gadget, kind: Gadget, listKind: GadgetList}
  scope: Cluster
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: v1
kind: Namespace
metadata: {name: velero}
---
apiVersion: v1
kind: Namespace
metadata: {name: app-1, labels: {team: a}}
---
apiVersion: v1
kind: Namespace
metadata: {name: app-2, labels: {team: b}}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-a, namespace: app-1, labels: {tier: front}}
data: {greeting: "<hello> & goodbye"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-b, namespace: app-1, labels: {tier: back}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-x, namespace: app-1, labels: {tier: front, velero.io/exclude-from-backup: "true"}}
---
apiVersion: v1
kind: Secret
metadata: {name: s-1, namespace: app-1, labels: {tier: front}}
stringData: {password: ${SECRET_VALUE}}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w-1, namespace: app-1, labels: {tier: front}}
spec: {size: ${BIG_INT}, ratio: 0.5}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-c, namespace: app-2, labels: {tier: back}}
---
apiVersion: v1
kind: Secret
metadata: {name: s-2, namespace: app-2}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w-2, namespace: app-2, labels: {tier: back}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm-o, namespace: other}
---
apiVersion: v1
kind: Secret
metadata: {name: s-o, namespace: other, labels: {tier: front}}
---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: g-1, labels: {tier: front}}
---
apiVersion: example.com/v1
kind: Gadget
metadata: {name: g-2}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cr-1, labels: {tier: front}}
rules: []
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: sc-1}
provisioner: example.com/none
`;

async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await env.kubectl(args, { input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function createBsl(name: string, bucket: string, phase: 'Available' | 'Unavailable', extra: Partial<BackupStorageLocation['spec']> = {}): Promise<void> {
  const bsl: BackupStorageLocation = {
    apiVersion: 'velero.io/v1',
    kind: 'BackupStorageLocation',
    metadata: { name, namespace: NS },
    spec: { provider: 'lifeboat.io/fs', objectStorage: { bucket }, ...extra },
    status: { phase },
  };
  await client.create(BACKUP_STORAGE_LOCATIONS, bsl);
}

before(async () => {
  env = await startHub({ crds: ['velero'] });
  client = env.client;
  root = await tempDir('backup-test');
  storeDir = path.join(root, 'store');
  await kubectl(['apply', '-f', '-'], fixtures.split('\n---\n').slice(0, 2).join('\n---\n'));
  await waitFor(
    'the CRDs to be served',
    async () => {
      client.invalidateDiscovery();
      try {
        await client.list(BACKUPS, { namespace: NS });
        await client.list({ apiVersion: 'example.com/v1', kind: 'Gadget' });
        await client.list({ apiVersion: 'example.com/v1', kind: 'Widget' });
        return true;
      } catch {
        return false;
      }
    },
    20_000,
  );
  await kubectl(['apply', '-f', '-'], fixtures);
  await createBsl('default', storeDir, 'Available');
});

after(async () => {
  await env?.teardown();
  if (root) await rm(root, { recursive: true, force: true });
});

function backupOf(name: string, spec: BackupSpec = {}): Backup {
  return { apiVersion: 'velero.io/v1', kind: 'Backup', metadata: { name, namespace: NS }, spec };
}

async function run(name: string, spec: BackupSpec = {}): Promise<Backup> {
  return runBackup({ client, backup: backupOf(name, spec), log, reporter: null });
}

function tarballPath(name: string, dir = storeDir): string {
  return path.join(dir, 'backups', name, `${name}.tar.gz`);
}

/** Entry names as the system's tar lists them. */
async function tarEntries(name: string): Promise<string[]> {
  const { stdout } = await exec('tar', ['-tzf', tarballPath(name)], { maxBuffer: 256 * 1024 * 1024 });
  return stdout.split('\n').filter(Boolean);
}

/** `gr:ns/name` or `gr:name` → the two entries Velero writes (all fixtures are v1). */
function entriesOf(ids: string[]): string[] {
  const out = ['metadata/version'];
  for (const id of ids) {
    const [gr, rest] = id.split(':');
    const slash = rest.indexOf('/');
    const scope = slash >= 0 ? `namespaces/${rest.slice(0, slash)}` : 'cluster';
    const name = slash >= 0 ? rest.slice(slash + 1) : rest;
    out.push(`resources/${gr}/${scope}/${name}.json`, `resources/${gr}/v1-preferredversion/${scope}/${name}.json`);
  }
  return out.sort();
}

async function crdIds(): Promise<string[]> {
  const names = (await kubectl(['get', 'crd', '-o', 'jsonpath={.items[*].metadata.name}'])).split(/\s+/).filter(Boolean);
  return names.map((n) => `${CRD_GR}:${n}`);
}

async function assertEntries(name: string, ids: string[]): Promise<void> {
  assert.deepEqual((await tarEntries(name)).sort(), entriesOf(ids));
}

const BOOT_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'].map((n) => `namespaces:${n}`);

describe('filters select exactly the expected objects', () => {
  test('includedNamespaces with a glob: the namespaces, their items, the CRD of their custom resources', async () => {
    const b = await run('ns-glob', { includedNamespaces: ['app-*'] });
    assert.equal(b.status?.phase, 'Completed', JSON.stringify(b.status));
    await assertEntries('ns-glob', [
      'configmaps:app-1/cm-a',
      'configmaps:app-1/cm-b',
      'secrets:app-1/s-1',
      'widgets.example.com:app-1/w-1',
      'configmaps:app-2/cm-c',
      'secrets:app-2/s-2',
      'widgets.example.com:app-2/w-2',
      'namespaces:app-1',
      'namespaces:app-2',
      `${CRD_GR}:widgets.example.com`,
    ]);
    assert.deepEqual(b.status?.progress, { totalItems: 10, itemsBackedUp: 10 });
  });

  test('excludedNamespaces: neither their items nor their Namespace objects; no cluster-scoped types', async () => {
    const b = await run('ns-excluded', { excludedNamespaces: ['other', 'velero'] });
    assert.equal(b.status?.phase, 'Completed');
    assert.deepEqual(b.spec?.includedNamespaces, ['*'], 'empty includes are stored as ["*"]');
    await assertEntries('ns-excluded', [
      'configmaps:app-1/cm-a',
      'configmaps:app-1/cm-b',
      'secrets:app-1/s-1',
      'widgets.example.com:app-1/w-1',
      'configmaps:app-2/cm-c',
      'secrets:app-2/s-2',
      'widgets.example.com:app-2/w-2',
      'namespaces:app-1',
      'namespaces:app-2',
      ...BOOT_NAMESPACES,
      `${CRD_GR}:widgets.example.com`,
    ]);
  });

  test('includedResources by Kind and plural, in one namespace (old filters, cluster resources auto)', async () => {
    const b = await run('old-include', { includedResources: ['configmaps', 'Widget'], includedNamespaces: ['app-1'] });
    assert.equal(b.status?.phase, 'Completed');
    assert.deepEqual(b.spec?.excludedResources, ['volumesnapshots.snapshot.storage.k8s.io', 'volumesnapshotcontents.snapshot.storage.k8s.io']);
    await assertEntries('old-include', ['configmaps:app-1/cm-a', 'configmaps:app-1/cm-b', 'widgets.example.com:app-1/w-1']);
  });

  test('excludedResources with a group glob and includeClusterResources: true', async () => {
    const b = await run('old-exclude', { excludedResources: ['secrets', '*.example.com'], includeClusterResources: true });
    assert.equal(b.status?.phase, 'Completed');
    await assertEntries('old-exclude', [
      'configmaps:app-1/cm-a',
      'configmaps:app-1/cm-b',
      'configmaps:app-2/cm-c',
      'configmaps:other/cm-o',
      'namespaces:app-1',
      'namespaces:app-2',
      'namespaces:other',
      'namespaces:velero',
      ...BOOT_NAMESPACES,
      'backupstoragelocations.velero.io:velero/default',
      'clusterroles.rbac.authorization.k8s.io:cr-1',
      'storageclasses.storage.k8s.io:sc-1',
      ...(await crdIds()),
    ]);
  });

  test('includeClusterResources: false: namespaced items only, not even Namespace objects or CRDs', async () => {
    const b = await run('icr-false', { includeClusterResources: false, includedNamespaces: ['other', 'app-2'], includedResources: ['*'] });
    assert.equal(b.status?.phase, 'Completed');
    await assertEntries('icr-false', [
      'configmaps:other/cm-o',
      'secrets:other/s-o',
      'configmaps:app-2/cm-c',
      'secrets:app-2/s-2',
      'widgets.example.com:app-2/w-2',
    ]);
  });

  test('includeClusterResources nil: cluster-scoped types in a whole-cluster backup only', async () => {
    const whole = await run('icr-nil-all', { includedResources: ['gadgets.example.com', 'cm'] });
    assert.equal(whole.status?.phase, 'Completed');
    await assertEntries('icr-nil-all', [
      'gadgets.example.com:g-1',
      'gadgets.example.com:g-2',
      'configmaps:app-1/cm-a',
      'configmaps:app-1/cm-b',
      'configmaps:app-2/cm-c',
      'configmaps:other/cm-o',
    ]);

    const partial = await run('icr-nil-ns', { includedResources: ['gadgets.example.com', 'cm'], includedNamespaces: ['app-1'] });
    assert.equal(partial.status?.phase, 'Completed');
    await assertEntries('icr-nil-ns', ['configmaps:app-1/cm-a', 'configmaps:app-1/cm-b']);
  });

  test('includeClusterResources: true in one namespace: cluster types, the Namespace, the CRD of backed-up custom resources', async () => {
    const b = await run('icr-true', {
      includeClusterResources: true,
      includedNamespaces: ['app-2'],
      includedResources: ['gadgets.example.com', 'configmaps', 'namespaces'],
    });
    assert.equal(b.status?.phase, 'Completed');
    await assertEntries('icr-true', [
      'gadgets.example.com:g-1',
      'gadgets.example.com:g-2',
      'configmaps:app-2/cm-c',
      'namespaces:app-2',
      `${CRD_GR}:gadgets.example.com`,
    ]);
  });

  test('new scoped filters: chosen cluster-scoped and namespace-scoped types', async () => {
    const b = await run('scoped', {
      includedClusterScopedResources: ['gadgets.example.com', 'StorageClass'],
      includedNamespaceScopedResources: ['secrets'],
      includedNamespaces: ['app-1', 'other'],
    });
    assert.equal(b.status?.phase, 'Completed');
    assert.deepEqual(b.spec?.excludedClusterScopedResources, ['volumesnapshotcontents.snapshot.storage.k8s.io']);
    assert.deepEqual(b.spec?.excludedNamespaceScopedResources, ['volumesnapshots.snapshot.storage.k8s.io']);
    await assertEntries('scoped', [
      'secrets:app-1/s-1',
      'secrets:other/s-o',
      'gadgets.example.com:g-1',
      'gadgets.example.com:g-2',
      'storageclasses.storage.k8s.io:sc-1',
      'namespaces:app-1',
      'namespaces:other',
      `${CRD_GR}:gadgets.example.com`,
    ]);
  });

  test('new scoped filters: every cluster-scoped type and no namespace-scoped one', async () => {
    const b = await run('scoped-cluster', { includedClusterScopedResources: ['*'], excludedNamespaceScopedResources: ['*'] });
    assert.equal(b.status?.phase, 'Completed');
    await assertEntries('scoped-cluster', [
      'namespaces:app-1',
      'namespaces:app-2',
      'namespaces:other',
      'namespaces:velero',
      ...BOOT_NAMESPACES,
      'gadgets.example.com:g-1',
      'gadgets.example.com:g-2',
      'clusterroles.rbac.authorization.k8s.io:cr-1',
      'storageclasses.storage.k8s.io:sc-1',
      ...(await crdIds()),
    ]);
  });

  test('labelSelector over the whole cluster: selected items, and only the namespaces that hold them', async () => {
    const b = await run('selector', { labelSelector: { matchLabels: { tier: 'front' } } });
    assert.equal(b.status?.phase, 'Completed');
    await assertEntries('selector', [
      'configmaps:app-1/cm-a',
      'secrets:app-1/s-1',
      'widgets.example.com:app-1/w-1',
      'secrets:other/s-o',
      'gadgets.example.com:g-1',
      'clusterroles.rbac.authorization.k8s.io:cr-1',
      'namespaces:app-1',
      'namespaces:other',
    ]);
  });

  test('labelSelector with DoesNotExist: a namespace selected by its own labels is kept', async () => {
    const b = await run('selector-expr', { labelSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, includedNamespaces: ['app-2'] });
    assert.equal(b.status?.phase, 'Completed');
    await assertEntries('selector-expr', ['secrets:app-2/s-2', 'namespaces:app-2']);
  });

  test('orLabelSelectors: the union of one LIST per selector', async () => {
    const b = await run('or-selectors', {
      orLabelSelectors: [{ matchLabels: { tier: 'back' } }, { matchExpressions: [{ key: 'team', operator: 'In', values: ['a'] }] }],
      includedNamespaces: ['app-1', 'app-2'],
    });
    assert.equal(b.status?.phase, 'Completed');
    await assertEntries('or-selectors', [
      'configmaps:app-1/cm-b',
      'configmaps:app-2/cm-c',
      'widgets.example.com:app-2/w-2',
      'namespaces:app-1',
      'namespaces:app-2',
      `${CRD_GR}:widgets.example.com`,
    ]);
  });

  test('orLabelSelectors that overlap write each object once', async () => {
    const b = await run('or-overlap', {
      orLabelSelectors: [{ matchLabels: { tier: 'front' } }, { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }],
      includedNamespaces: ['app-1'],
      includedNamespaceScopedResources: ['configmaps'],
    });
    assert.equal(b.status?.phase, 'Completed');
    await assertEntries('or-overlap', ['configmaps:app-1/cm-a', 'configmaps:app-1/cm-b', 'namespaces:app-1']);
    assert.deepEqual(b.status?.progress, { totalItems: 3, itemsBackedUp: 3 });
  });

  test('a namespace labelled velero.io/exclude-from-backup=true joins excludedNamespaces', async () => {
    await kubectl(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: skip-me, labels: {velero.io/exclude-from-backup: "true"}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-s, namespace: skip-me}\n',
    );
    try {
      const b = await run('ns-label', { includedResources: ['configmaps', 'namespaces'] });
      assert.equal(b.status?.phase, 'Completed');
      assert.deepEqual(b.spec?.excludedNamespaces, ['skip-me']);
      await assertEntries('ns-label', [
        'configmaps:app-1/cm-a',
        'configmaps:app-1/cm-b',
        'configmaps:app-2/cm-c',
        'configmaps:other/cm-o',
        'namespaces:app-1',
        'namespaces:app-2',
        'namespaces:other',
        'namespaces:velero',
        ...BOOT_NAMESPACES,
      ]);
    } finally {
      await kubectl(['delete', 'namespace', 'skip-me', '--wait=false']);
    }
  });

  test('an includedNamespaces entry that does not exist: PartiallyFailed with the error in the results', async () => {
    const b = await run('ns-missing', { includedNamespaces: ['other', 'missing'] });
    assert.equal(b.status?.phase, 'PartiallyFailed');
    assert.equal(b.status?.errors, 1);
    await assertEntries('ns-missing', ['configmaps:other/cm-o', 'secrets:other/s-o', 'namespaces:other']);
    const results = JSON.parse(gunzipSync(await readFile(path.join(storeDir, 'backups', 'ns-missing', 'ns-missing-results.gz'))).toString());
    assert.deepEqual(results, {
      errors: { velero: [' resource: /namespaces message: /fail to get the namespace missing specified in backup.Spec.IncludedNamespaces'] },
      warnings: {},
    });
    const stored = JSON.parse(await readFile(path.join(storeDir, 'backups', 'ns-missing', 'velero-backup.json'), 'utf8'));
    assert.equal(stored.status.phase, 'PartiallyFailed');
    assert.equal(stored.status.errors, 1);
  });
});

describe("Velero's layout and formats", () => {
  let name: string;
  let dir: string;
  let extracted: string;
  let backup: Backup;

  before(async () => {
    name = 'format';
    backup = await run(name);
    dir = path.join(storeDir, 'backups', name);
    extracted = path.join(root, 'extracted');
    await mkdir(extracted);
    await exec('tar', ['-xzf', tarballPath(name), '-C', extracted]);
  });

  test('the backup completes with every object of the hub', async () => {
    assert.equal(backup.status?.phase, 'Completed', JSON.stringify(backup.status));
    const ids = [
      'configmaps:app-1/cm-a',
      'configmaps:app-1/cm-b',
      'secrets:app-1/s-1',
      'widgets.example.com:app-1/w-1',
      'configmaps:app-2/cm-c',
      'secrets:app-2/s-2',
      'widgets.example.com:app-2/w-2',
      'configmaps:other/cm-o',
      'secrets:other/s-o',
      'namespaces:app-1',
      'namespaces:app-2',
      'namespaces:other',
      'namespaces:velero',
      ...BOOT_NAMESPACES,
      'backupstoragelocations.velero.io:velero/default',
      'gadgets.example.com:g-1',
      'gadgets.example.com:g-2',
      'clusterroles.rbac.authorization.k8s.io:cr-1',
      'storageclasses.storage.k8s.io:sc-1',
      ...(await crdIds()),
    ];
    await assertEntries(name, ids);
    assert.deepEqual(backup.status?.progress, { totalItems: ids.length, itemsBackedUp: ids.length });
  });

  test('tar entries: metadata/version first, regular files, mode 0755, owner 0, no directories', async () => {
    const { stdout } = await exec('tar', ['--numeric-owner', '-tvzf', tarballPath(name)], { maxBuffer: 64 * 1024 * 1024 });
    const lines = stdout.split('\n').filter(Boolean);
    assert.match(lines[0], /\smetadata\/version$/);
    for (const line of lines) assert.match(line, /^-rwxr-xr-x 0\/0 /, line);
    assert.equal(await readFile(path.join(extracted, 'metadata', 'version'), 'utf8'), '1.1.0\n');
  });

  test('each object twice with identical bytes: compact Go JSON, keys sorted, apiVersion and kind filled in, big integers intact', async () => {
    for (const [gr, scope, file] of [
      ['configmaps', 'namespaces/app-1', 'cm-a.json'],
      ['secrets', 'namespaces/app-1', 's-1.json'],
      ['widgets.example.com', 'namespaces/app-1', 'w-1.json'],
      ['gadgets.example.com', 'cluster', 'g-1.json'],
      ['namespaces', 'cluster', 'app-1.json'],
    ]) {
      const plain = await readFile(path.join(extracted, 'resources', gr, scope, file));
      const preferred = await readFile(path.join(extracted, 'resources', gr, 'v1-preferredversion', scope, file));
      assert.ok(plain.equals(preferred), `${gr}/${scope}/${file}: both copies identical`);
      const text = plain.toString('utf8');
      assert.ok(!text.endsWith('\n') && !text.includes('\n'), 'compact, no trailing newline');
      const obj = JSON.parse(text) as Record<string, unknown>;
      assert.ok(typeof obj.apiVersion === 'string' && typeof obj.kind === 'string', 'apiVersion and kind');
      assert.deepEqual(Object.keys(obj), Object.keys(obj).sort(), 'keys sorted');
      const meta = obj.metadata as Record<string, unknown>;
      assert.deepEqual(Object.keys(meta), Object.keys(meta).sort());
      assert.ok(meta.uid && meta.resourceVersion && meta.creationTimestamp, 'metadata stored verbatim');
    }
    const cm = await readFile(path.join(extracted, 'resources', 'configmaps', 'namespaces', 'app-1', 'cm-a.json'), 'utf8');
    assert.ok(cm.includes('"greeting":"\\u003chello\\u003e \\u0026 goodbye"'), `HTML characters escaped as Go does: ${cm}`);
    assert.ok(cm.includes('"kubectl.kubernetes.io/last-applied-configuration"'), 'annotations kept');
    const widget = await readFile(path.join(extracted, 'resources', 'widgets.example.com', 'namespaces', 'app-1', 'w-1.json'), 'utf8');
    const served = await kubectl(['get', 'widget', 'w-1', '-n', 'app-1', '-o', 'json']);
    // Whatever number the API serves is stored digit for digit.
    const servedSize = /"size":\s*(\d+)/.exec(served)?.[1];
    assert.ok(servedSize && widget.includes(`"size":${servedSize}`), `size kept as served (${servedSize}): ${widget}`);
    assert.ok(widget.includes('"ratio":0.5'));
    const secret = JSON.parse(await readFile(path.join(extracted, 'resources', 'secrets', 'namespaces', 'app-1', 's-1.json'), 'utf8'));
    assert.equal(Buffer.from(secret.data.password, 'base64').toString(), SECRET_VALUE, 'Secrets are backed up');
  });

  test('velero-backup.json: the final Backup, pretty JSON, with the keys Velero reads', async () => {
    const text = await readFile(path.join(dir, 'velero-backup.json'), 'utf8');
    assert.ok(text.startsWith('{\n  "kind": "Backup",\n  "apiVersion": "velero.io/v1"'), text.slice(0, 80));
    const b = JSON.parse(text);
    assert.equal(b.metadata.name, name);
    assert.equal(b.metadata.namespace, NS);
    assert.equal(b.metadata.labels['velero.io/storage-location'], 'default');
    assert.equal(b.metadata.annotations['velero.io/resource-timeout'], '10m0s');
    assert.match(b.metadata.annotations['velero.io/source-cluster-k8s-gitversion'], /^v1\.\d+/);
    assert.equal(b.metadata.annotations['velero.io/source-cluster-k8s-major-version'], '1');
    assert.equal(b.spec.storageLocation, 'default');
    assert.equal(b.spec.ttl, '720h0m0s');
    assert.equal(b.spec.csiSnapshotTimeout, '10m0s');
    assert.equal(b.spec.itemOperationTimeout, '4h0m0s');
    assert.deepEqual(b.spec.hooks, {});
    assert.deepEqual(b.spec.metadata, {});
    assert.equal(b.spec.defaultVolumesToFsBackup, false);
    assert.equal(b.spec.snapshotMoveData, false);
    assert.equal(b.spec.volumeGroupSnapshotLabelKey, 'velero.io/volume-group');
    assert.deepEqual(b.spec.includedNamespaces, ['*']);
    assert.equal(b.status.version, 1);
    assert.equal(b.status.formatVersion, '1.1.0');
    assert.equal(b.status.phase, 'Completed');
    const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
    for (const k of ['startTimestamp', 'completionTimestamp', 'expiration']) assert.match(b.status[k], rfc3339, k);
    assert.equal(Date.parse(b.status.expiration) - Date.parse(b.status.startTimestamp), 720 * 3600 * 1000);
    assert.ok(Date.parse(b.status.completionTimestamp) >= Date.parse(b.status.startTimestamp));
    assert.equal(b.status.progress.totalItems, b.status.progress.itemsBackedUp);
    assert.deepEqual(b.status.hookStatus, {});
    assert.equal(b.status.errors, undefined);
    assert.deepEqual(b.status, backup.status, 'what runBackup returns is what it stored');
  });

  test('side files: present, gzip, parseable, in Velero shapes', async () => {
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, [
      `${name}-itemoperations.json.gz`,
      `${name}-logs.gz`,
      `${name}-podvolumebackups.json.gz`,
      `${name}-resource-list.json.gz`,
      `${name}-results.gz`,
      `${name}-volumeinfo.json.gz`,
      `${name}-volumesnapshots.json.gz`,
      `${name}.tar.gz`,
      'velero-backup.json',
    ]);
    const json = async (f: string): Promise<unknown> => {
      const raw = gunzipSync(await readFile(path.join(dir, f))).toString('utf8');
      assert.ok(raw.endsWith('\n'), `${f} ends with a newline as Go's json.Encoder writes`);
      return JSON.parse(raw);
    };
    assert.deepEqual(await json(`${name}-itemoperations.json.gz`), []);
    assert.deepEqual(await json(`${name}-volumeinfo.json.gz`), []);
    assert.equal(await json(`${name}-volumesnapshots.json.gz`), null);
    assert.equal(await json(`${name}-podvolumebackups.json.gz`), null);
    assert.deepEqual(await json(`${name}-results.gz`), { errors: {}, warnings: {} });

    const list = (await json(`${name}-resource-list.json.gz`)) as Record<string, string[]>;
    assert.deepEqual(list['v1/ConfigMap'], ['app-1/cm-a', 'app-1/cm-b', 'app-2/cm-c', 'other/cm-o']);
    assert.deepEqual(list['v1/Secret'], ['app-1/s-1', 'app-2/s-2', 'other/s-o']);
    assert.deepEqual(list['example.com/v1/Gadget'], ['g-1', 'g-2']);
    assert.deepEqual(list['v1/Namespace'], ['app-1', 'app-2', 'default', 'kube-node-lease', 'kube-public', 'kube-system', 'other', 'velero']);
    for (const values of Object.values(list)) assert.deepEqual(values, [...values].sort());
    const listed = Object.values(list).reduce((n, v) => n + v.length, 0);
    assert.equal(listed, backup.status?.progress?.itemsBackedUp, 'one resource-list entry per object');
    assert.equal((await tarEntries(name)).length, 1 + 2 * listed);

    const logText = gunzipSync(await readFile(path.join(dir, `${name}-logs.gz`))).toString('utf8');
    const lines = logText.split('\n').filter(Boolean);
    assert.ok(lines.length > 10);
    for (const line of lines)
      assert.match(line, /^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" level=(debug|info|warning|error) msg=".*" .*backup=velero\/format/, line);
    assert.ok(!logText.includes(SECRET_VALUE) && !logText.includes(Buffer.from(SECRET_VALUE).toString('base64')), 'no Secret content in the log');
  });

  test('a second run of the same name is refused and changes nothing', async () => {
    const before = await stat(tarballPath(name));
    const again = await run(name);
    assert.equal(again.status?.phase, 'Failed');
    assert.equal(again.status?.failureReason, 'backup already exists in object storage');
    assert.ok(again.status?.completionTimestamp);
    const afterStat = await stat(tarballPath(name));
    assert.equal(afterStat.mtimeMs, before.mtimeMs);
    assert.equal(JSON.parse(await readFile(path.join(dir, 'velero-backup.json'), 'utf8')).status.phase, 'Completed');
  });
});

describe('validation', () => {
  before(async () => {
    await createBsl('down', path.join(root, 'down'), 'Unavailable');
    await createBsl('readonly', path.join(root, 'readonly'), 'Available', { accessMode: 'ReadOnly' });
  });

  async function failed(name: string, spec: BackupSpec): Promise<string[]> {
    const b = await run(name, spec);
    assert.equal(b.status?.phase, 'FailedValidation', JSON.stringify(b.status));
    assert.equal(b.status?.startTimestamp, undefined);
    await assert.rejects(stat(path.join(storeDir, 'backups', name)), 'nothing is uploaded');
    return b.status?.validationErrors ?? [];
  }

  test('labelSelector together with orLabelSelectors', async () => {
    assert.deepEqual(await failed('v-selectors', { labelSelector: { matchLabels: { a: 'b' } }, orLabelSelectors: [{ matchLabels: { c: 'd' } }] }), [
      'encountered labelSelector as well as orLabelSelectors in backup spec, only one can be specified',
    ]);
  });

  test('old and new resource filters together', async () => {
    assert.deepEqual(await failed('v-mixed', { includedResources: ['configmaps'], includedClusterScopedResources: ['storageclasses'] }), [
      'include-resources, exclude-resources and include-cluster-resources are old filter parameters.\n' +
        'include-cluster-scoped-resources, exclude-cluster-scoped-resources, include-namespace-scoped-resources and exclude-namespace-scoped-resources are new filter parameters.\n' +
        'They cannot be used together',
    ]);
  });

  test('an unknown storage location is named in the error', async () => {
    assert.deepEqual(await failed('v-nobsl', { storageLocation: 'nope' }), [
      'an existing backup storage location was not specified at backup creation time and the default nope was not found. Please address this issue (see `velero backup-location -h` for options) and create a new backup. Error: backupstoragelocations.velero.io "nope" not found',
    ]);
  });

  test('an Unavailable or read-only storage location', async () => {
    assert.deepEqual(await failed('v-down', { storageLocation: 'down' }), [
      "backup can't be created because BackupStorageLocation down is in Unavailable status.",
    ]);
    assert.deepEqual(await failed('v-readonly', { storageLocation: 'readonly' }), [
      "backup can't be created because backup storage location readonly is currently in read-only mode",
    ]);
  });

  test('invalid resource and namespace lists', async () => {
    assert.deepEqual(await failed('v-lists', { includedResources: ['*', 'secrets'], excludedResources: ['*'], includedNamespaces: ['Bad_NS'] }), [
      "Invalid included/excluded resource lists: includes list must either contain '*' only, or a non-empty list of items",
      "Invalid included/excluded resource lists: excludes list cannot contain '*'",
      'Invalid included/excluded resource lists: excludes list cannot contain an item in the includes list: *',
      `Invalid included/excluded namespace lists: invalid namespace "Bad_NS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
    assert.deepEqual(
      await failed('v-scoped', { includedClusterScopedResources: ['storageclasses'], excludedClusterScopedResources: ['*'], excludedNamespaces: ['*'] }),
      [
        "Invalid cluster-scoped included/excluded resource lists: when exclude is '*', include cannot have value",
        "Invalid included/excluded namespace lists: excludes list cannot contain '*'",
        // Empty includedNamespaces became ["*"] before validation, as in Velero.
        'Invalid included/excluded namespace lists: excludes list cannot contain an item in the includes list: *',
      ],
    );
  });

  test('the server default location when none is named, and when it is missing', async () => {
    const b = await run('v-default', { includedNamespaces: ['other'] });
    assert.equal(b.status?.phase, 'Completed');
    assert.equal(b.spec?.storageLocation, 'default');
    await client.delete(BACKUP_STORAGE_LOCATIONS, 'default', { namespace: NS });
    try {
      assert.deepEqual(await failed('v-nodefault', {}), [
        'an existing backup storage location was not specified at backup creation time and the server default default does not exist. Please address this issue (see `velero backup-location -h` for options) and create a new backup. Error: backupstoragelocations.velero.io "default" not found',
      ]);
    } finally {
      await createBsl('default', storeDir, 'Available');
    }
  });
});

test('numbers beyond 2^53 survive the read and the write, as Go would keep them', () => {
  const text = `{"b":{"size":${BIG_INT},"neg":-9223372036854775808,"huge":123456789012345678901234,"f":1.5e300,"s":"${BIG_INT}"},"a":[1,2.5,-0.25]}`;
  assert.equal(
    marshalGoJson(parseKubeJson(text)),
    `{"a":[1,2.5,-0.25],"b":{"f":1.5e+300,"huge":1.2345678901234569e+23,"neg":-9223372036854775808,"s":"${BIG_INT}","size":${BIG_INT}}}`,
  );
});

describe('storage failures', () => {
  test('a store that cannot take the backup: Failed with the reason, nothing half-written', async () => {
    const broken = path.join(root, 'broken');
    await mkdir(broken);
    // `backups` is a file, so no backup directory can be created under it.
    await writeFile(path.join(broken, 'backups'), 'not a directory');
    await createBsl('broken', broken, 'Available');
    const b = await run('to-broken', { storageLocation: 'broken', includedNamespaces: ['other'] });
    assert.equal(b.status?.phase, 'Failed');
    assert.match(b.status?.failureReason ?? '', /ENOTDIR|EEXIST|not a directory|file already exists/i, JSON.stringify(b.status));
    assert.equal(b.status?.errors, 1, 'one failure of the whole backup, not an error per item');
    assert.ok(b.status?.completionTimestamp);
    assert.deepEqual((await readdir(broken)).sort(), ['backups']);
  });

  test('an explicitly given store is used as is', async () => {
    const own = path.join(root, 'own');
    const b = await runBackup({ client, backup: backupOf('own-store', { includedNamespaces: ['other'] }), log, reporter: null, store: new FsObjectStore(own) });
    assert.equal(b.status?.phase, 'Completed');
    await stat(path.join(own, 'backups', 'own-store', 'velero-backup.json'));
  });
});

describe('items that bring related items (Velero built-in item actions)', () => {
  before(async () => {
    await kubectl(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Namespace
metadata: {name: vols}
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-1}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /tmp/pv-1}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: claim-1, namespace: vols, labels: {app: db}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, volumeName: pv-1}
---
apiVersion: v1
kind: Pod
metadata: {name: p-1, namespace: vols, labels: {app: db}}
spec:
  containers: [{name: c, image: busybox}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: claim-1}}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: sa-1, namespace: vols}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: cr-sa}
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: crb-1}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cr-sa}
subjects: [{kind: ServiceAccount, name: sa-1, namespace: vols}]
`,
    );
  });

  test('a namespace backup carries the PV of its PVC and the cluster RBAC of its service accounts', async () => {
    const b = await run('related', { includedNamespaces: ['vols'] });
    assert.equal(b.status?.phase, 'Completed', JSON.stringify(b.status));
    await assertEntries('related', [
      'pods:vols/p-1',
      'persistentvolumeclaims:vols/claim-1',
      'serviceaccounts:vols/sa-1',
      'persistentvolumes:pv-1',
      'clusterrolebindings.rbac.authorization.k8s.io:crb-1',
      'clusterroles.rbac.authorization.k8s.io:cr-sa',
      'namespaces:vols',
    ]);
  });

  test('related items ignore the label selector, but not the resource filters', async () => {
    const selected = await run('related-selector', {
      includedNamespaces: ['vols'],
      labelSelector: { matchLabels: { app: 'db' } },
      includedNamespaceScopedResources: ['pods'],
    });
    assert.equal(selected.status?.phase, 'Completed');
    // The PVC comes with the pod but its type is not included; the PV is not reached.
    await assertEntries('related-selector', ['pods:vols/p-1', 'namespaces:vols']);
    await run('related-selector-pvc', {
      includedNamespaces: ['vols'],
      labelSelector: { matchLabels: { app: 'db' } },
      includedNamespaceScopedResources: ['pods', 'pvc'],
    });
    await assertEntries('related-selector-pvc', ['pods:vols/p-1', 'persistentvolumeclaims:vols/claim-1', 'persistentvolumes:pv-1', 'namespaces:vols']);
    // Old filters naming their types: a cluster-scoped type not named is explicitly excluded.
    await run('related-named', { includedNamespaces: ['vols'], includedResources: ['pods', 'persistentvolumeclaims'] });
    await assertEntries('related-named', ['pods:vols/p-1', 'persistentvolumeclaims:vols/claim-1']);
    await run('related-nocluster', { includedNamespaces: ['vols'], includeClusterResources: false });
    await assertEntries('related-nocluster', ['pods:vols/p-1', 'persistentvolumeclaims:vols/claim-1', 'serviceaccounts:vols/sa-1']);
  });
});

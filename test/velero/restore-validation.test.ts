// How a restore fails: validation (Velero's validationErrors strings), scheduleName resolution,
// a zero-item backup, and a tarball that is missing, corrupt or truncated — with nothing in the
// target hub touched by a restore that could not read its backup.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LABEL_BACKUP_NAME, LABEL_SCHEDULE_NAME, type Backup } from '../../src/api/velero/index.js';
import { CONFIGMAPS, CUSTOM_RESOURCE_DEFINITIONS as CRDS, NAMESPACES, SECRETS, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { backupContentsKey } from '../../src/local/velero/layout.js';
import { readObject } from '../../src/local/velero/object-store/read-object.js';
import { startHub, type TestHub } from '../support/index.js';
import { populateSource } from './restore-fixtures.js';
import { makeBackup, readRestoreFiles, registerBackup, restore, tempStore, tryGet, type TempStore } from './restore-helpers.js';

/** A Backup object like `full` under another name, started at `start`, in `phase`. */
function variant(full: Backup, name: string, start: string, phase: 'Completed' | 'PartiallyFailed' | 'Failed', labels: Record<string, string> = {}): Backup {
  return {
    ...full,
    metadata: { name, namespace: full.metadata.namespace, labels: { ...full.metadata.labels, ...labels } },
    status: { ...full.status, phase, startTimestamp: start, completionTimestamp: start },
  };
}

/** Names and resourceVersions of what a restore could have touched (outside the velero namespace). */
async function snapshot(hub: TestHub): Promise<string[]> {
  const out: string[] = [];
  const refs: ResourceRef[] = [NAMESPACES, CONFIGMAPS, SECRETS, CRDS];
  for (const ref of refs) {
    for await (const o of hub.client.listAll<KubeObject>(ref)) {
      if (o.metadata?.namespace === 'velero' || o.metadata?.name === 'velero') continue;
      out.push(`${ref.plural}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}@${o.metadata?.resourceVersion}`);
    }
  }
  return out.sort();
}

describe('restore validation and failures', () => {
  let shared: TempStore;
  let source: TestHub;
  let target: TestHub;
  let full: Backup;
  let tarball: Buffer;

  before(async () => {
    shared = await tempStore();
    source = await startHub({ location: { dir: shared.dir, default: true } });
    full = await populateSource(source, shared.store);
    tarball = await readObject(shared.store, backupContentsKey('full'));
    target = await startHub({ location: { dir: shared.dir, default: true } });
    await registerBackup(target, full);
  });

  after(async () => {
    await target?.teardown();
    await source?.teardown();
    await shared?.remove();
  });

  test("validation errors use Velero's strings and restore nothing", async () => {
    const missing = await restore(target, shared.store, 'v-missing', { backupName: 'nope' });
    assert.equal(missing.status.phase, 'FailedValidation');
    assert.equal(missing.status.validationErrors?.length, 1);
    assert.match(missing.status.validationErrors?.[0] ?? '', /^Error retrieving backup: can't find backup velero\/nope: .*"nope" not found/);

    const both = await restore(target, shared.store, 'v-both', { backupName: 'full', scheduleName: 'nightly' });
    const neither = await restore(target, shared.store, 'v-neither', {});
    for (const r of [both, neither]) {
      assert.equal(r.status.phase, 'FailedValidation');
      assert.deepEqual(r.status.validationErrors, ['Either a backup or schedule must be specified as a source for the restore, but not both']);
    }

    const bad = await restore(target, shared.store, 'v-bad', {
      backupName: 'full',
      includedResources: ['nodes'],
      labelSelector: { matchLabels: { a: 'b' } },
      orLabelSelectors: [{ matchLabels: { c: 'd' } }],
      existingResourcePolicy: 'replace' as 'update',
      excludedNamespaces: ['*'],
    });
    assert.equal(bad.status.phase, 'FailedValidation');
    assert.deepEqual(bad.status.validationErrors, [
      'nodes are non-restorable resources',
      'Invalid included/excluded resource lists: excludes list cannot contain an item in the includes list: nodes',
      "Invalid included/excluded namespace lists: excludes list cannot contain '*'",
      'encountered labelSelector as well as orLabelSelectors in restore spec, only one can be specified',
      'Invalid ExistingResourcePolicy: replace',
    ]);
    assert.equal(await tryGet(target, NAMESPACES, 'app1'), undefined);
  });

  test('scheduleName picks the newest Completed backup of the schedule, and says when there is none', async () => {
    await registerBackup(target, variant(full, 'nightly-20260101000000', '2026-01-01T00:00:00Z', 'Completed'), { [LABEL_SCHEDULE_NAME]: 'nightly' });
    await registerBackup(target, variant(full, 'nightly-20260103000000', '2026-01-03T00:00:00Z', 'Completed'), { [LABEL_SCHEDULE_NAME]: 'nightly' });
    await registerBackup(target, variant(full, 'nightly-20260104000000', '2026-01-04T00:00:00Z', 'PartiallyFailed'), { [LABEL_SCHEDULE_NAME]: 'nightly' });
    await registerBackup(target, variant(full, 'weekly-20260105000000', '2026-01-05T00:00:00Z', 'Completed'), { [LABEL_SCHEDULE_NAME]: 'weekly' });
    await registerBackup(target, variant(full, 'broken-20260105000000', '2026-01-05T00:00:00Z', 'Failed'), { [LABEL_SCHEDULE_NAME]: 'broken' });
    await shared.store.put(backupContentsKey('nightly-20260103000000'), tarball);

    const picked = await restore(target, shared.store, 's-nightly', { scheduleName: 'nightly', includedNamespaces: ['app2'] });
    assert.equal(picked.status.phase, 'Completed', JSON.stringify(picked.status));
    assert.equal(picked.spec.backupName, 'nightly-20260103000000');
    assert.equal(picked.spec.scheduleName, 'nightly');
    const cm = await tryGet<KubeObject>(target, CONFIGMAPS, 'web-config', 'app2');
    assert.equal(cm?.metadata?.labels?.[LABEL_BACKUP_NAME], 'nightly-20260103000000');

    const none = await restore(target, shared.store, 's-none', { scheduleName: 'monthly' });
    assert.equal(none.status.phase, 'FailedValidation');
    assert.deepEqual(none.status.validationErrors, ['No backups found for schedule', 'No completed backups found for schedule']);
    const failedOnly = await restore(target, shared.store, 's-broken', { scheduleName: 'broken' });
    assert.deepEqual(failedOnly.status.validationErrors, ['No completed backups found for schedule']);
  });

  test("a zero-item backup restores Completed with Velero's warning", async () => {
    const empty = await makeBackup(source, shared.store, 'empty', { labelSelector: { matchLabels: { nothing: 'matches' } } });
    await registerBackup(target, empty);
    const outcome = await restore(target, shared.store, 'z-empty', { backupName: 'empty' });
    assert.equal(outcome.status.phase, 'Completed');
    assert.equal(outcome.status.warnings, 1);
    assert.deepEqual(outcome.status.progress, { totalItems: 0, itemsRestored: 0 });
    const files = await readRestoreFiles(shared.store, 'z-empty');
    assert.match(
      files.resultsText,
      /^\{"errors":\{\},"warnings":\{"velero":\["zero items to be restored: directory \\"\/[^"]+\/resources\\": does not exist"\]\}\}\n$/,
    );
    assert.deepEqual(files.resourceList, {});
  });

  test('a missing, corrupt or truncated tarball names the problem and touches nothing', async () => {
    const before = await snapshot(target);

    await registerBackup(target, variant(full, 'ghost', '2026-01-01T00:00:00Z', 'Completed'));
    const ghost = await restore(target, shared.store, 'f-ghost', { backupName: 'ghost' });
    assert.equal(ghost.status.phase, 'Failed');
    assert.equal(ghost.status.failureReason, 'error downloading backup: object "backups/ghost/ghost.tar.gz" not found');
    assert.ok(ghost.status.completionTimestamp);

    await registerBackup(target, variant(full, 'corrupt', '2026-01-01T00:00:00Z', 'Completed'));
    await shared.store.put(backupContentsKey('corrupt'), Buffer.from('this is not a gzip stream at all'));
    const corrupt = await restore(target, shared.store, 'f-corrupt', { backupName: 'corrupt' });
    assert.equal(corrupt.status.phase, 'PartiallyFailed', JSON.stringify(corrupt.status));
    assert.equal(corrupt.status.errors, 1);
    assert.match(corrupt.results?.errors.velero?.[0] ?? '', /^error extracting backup corrupt: backup archive is not valid gzip data/);

    await registerBackup(target, variant(full, 'truncated', '2026-01-01T00:00:00Z', 'Completed'));
    await shared.store.put(backupContentsKey('truncated'), tarball.subarray(0, Math.floor(tarball.length * 0.8)));
    const truncated = await restore(target, shared.store, 'f-truncated', { backupName: 'truncated' });
    assert.equal(truncated.status.phase, 'PartiallyFailed', JSON.stringify(truncated.status));
    assert.deepEqual(truncated.results?.errors, {
      velero: ['error extracting backup truncated: backup archive is truncated: the gzip stream ends before its end marker'],
    });
    assert.deepEqual(truncated.resourceList, {});
    const files = await readRestoreFiles(shared.store, 'f-truncated');
    assert.deepEqual(files.results, truncated.results);

    assert.deepEqual(await snapshot(target), before, 'the failed restores changed nothing in the target hub');
  });
});

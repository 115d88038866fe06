// A 20,000-object backup streams: the engine's memory stays bounded by a page, not by the number
// of objects (decision 10). The hub runs as its own process so that this process's memory is the
// engine's. Figures are logged; the bound asserted is loose (a whole list would exceed it
// several times over), and speed is left to bench/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pino } from 'pino';
import { veleroCrds } from '../../src/api/velero/crds.js';
import type { Backup } from '../../src/api/velero/types.js';
import { runBackup } from '../../src/local/velero/backup/run-backup.js';
import { clientFor, startHub, startHubProcess, tempDir } from '../support/index.js';

const exec = promisify(execFile);
const OBJECTS = 20_000;
const PAYLOAD = 'x'.repeat(1024);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

test(`a backup of ${OBJECTS} ConfigMaps completes with bounded memory`, async (t) => {
  const dataDir = await tempDir('backup-scale');
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const storeDir = path.join(dataDir, 'store');

  // Seed through the hub's own write path in this process (fast), then serve it from another one.
  {
    const seed = await startHub({ dataDir: path.join(dataDir, 'hub') });
    try {
      const reg = seed.hub.ctx.registry;
      const crds = reg.lookup('apiextensions.k8s.io', 'customresourcedefinitions');
      const namespaces = reg.lookup('', 'namespaces');
      const configmaps = reg.lookup('', 'configmaps');
      assert.ok(crds && namespaces && configmaps);
      for (const crd of veleroCrds()) await seed.hub.rest.create(crds, 'v1', '', crd);
      for (const name of ['velero', 'bulk']) await seed.hub.rest.create(namespaces, 'v1', '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      for (let i = 0; i < OBJECTS; i += 1000) {
        await Promise.all(
          Array.from({ length: Math.min(1000, OBJECTS - i) }, (_, j) =>
            seed.hub.rest.create(configmaps, 'v1', 'bulk', {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: `cm-${i + j}`, namespace: 'bulk', labels: { n: String(i + j) } },
              data: { payload: PAYLOAD },
            }),
          ),
        );
      }
      const bsls = reg.lookup('velero.io', 'backupstoragelocations');
      assert.ok(bsls);
      await seed.hub.rest.create(bsls, 'v1', 'velero', {
        apiVersion: 'velero.io/v1',
        kind: 'BackupStorageLocation',
        metadata: { name: 'default', namespace: 'velero' },
        spec: { provider: 'lifeboat.io/fs', objectStorage: { bucket: storeDir } },
        status: { phase: 'Available' },
      });
    } finally {
      await seed.teardown();
    }
  }
  const hub = await startHubProcess(path.join(dataDir, 'hub'));
  t.after(() => hub.stop());
  const client = clientFor(hub.kubeconfigPath);
  t.after(() => client.close());

  const backup: Backup = { apiVersion: 'velero.io/v1', kind: 'Backup', metadata: { name: 'big', namespace: 'velero' }, spec: { includedNamespaces: ['bulk'] } };
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  // Live memory: collect garbage before each sample, so the figure is what the engine retains.
  const sampler = setInterval(() => {
    gc();
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 500);
  const started = Date.now();
  let result: Backup;
  try {
    result = await runBackup({ client, backup, log: pino({ level: 'silent' }), reporter: null });
  } finally {
    clearInterval(sampler);
  }
  const seconds = (Date.now() - started) / 1000;
  const mib = (n: number): string => (n / 1024 / 1024).toFixed(1);
  t.diagnostic(
    `${OBJECTS} objects in ${seconds.toFixed(1)} s; engine RSS ${mib(before.rss)} → peak ${mib(peakRss)} MiB (Δ ${mib(peakRss - before.rss)} MiB); live heap Δ ${mib(peakHeap - before.heapUsed)} MiB`,
  );

  assert.equal(result.status?.phase, 'Completed', JSON.stringify(result.status));
  assert.deepEqual(result.status?.progress, { totalItems: OBJECTS + 1, itemsBackedUp: OBJECTS + 1 });
  // The objects alone are ~25 MiB of JSON, a whole LIST held in memory several times that.
  assert.ok(peakHeap - before.heapUsed < 32 * 1024 * 1024, `live heap grew by ${mib(peakHeap - before.heapUsed)} MiB`);

  const tarball = path.join(storeDir, 'backups', 'big', 'big.tar.gz');
  const { stdout } = await exec('sh', ['-c', `tar -tzf '${tarball}' | wc -l`]);
  assert.equal(Number(stdout.trim()), 1 + 2 * (OBJECTS + 1));
  assert.ok((await stat(path.join(storeDir, 'backups', 'big', 'velero-backup.json'))).isFile());
});

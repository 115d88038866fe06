// Shared by the hostile-storage tests: a hub whose engine restores, with one good backup of a
// ConfigMap in `app`, and the makings of hostile files (gzip bombs, hand-made tarballs, FIFOs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Logger } from 'pino';
import tar from 'tar-stream';
import { RESTORES, type Backup, type Restore } from '../../src/api/velero/index.js';
import type { KubeObject } from '../../src/kube/index.js';
import { Manager } from '../../src/kube/runtime/manager.js';
import { RestoreController } from '../../src/local/velero/restore/index.js';
import { CONFIGMAPS, NAMESPACES } from '../../src/kube/index.js';
import { startHub, TestClock, testLog, VELERO_NS, waitFor, type HubWithStorage } from '../support/index.js';
import { makeBackup, tryGet } from './restore-helpers.js';

export const MiB = 1024 * 1024;

export interface RestoringHub {
  hub: HubWithStorage;
  /** A Completed backup of ConfigMap `app/settings` (`data: {mode: on}`), and its tarball. */
  good: Backup;
  goodTarball: Buffer;
  teardown(): Promise<void>;
}

/** A hub with the engine's restore controller running, and the good backup made by the engine. */
export async function startRestoringHub(opts: { log?: Logger; tempDir?: string }): Promise<RestoringHub> {
  const hub = await startHub({ location: {}, clock: new TestClock('2026-05-01T10:00:30Z') });
  await hub.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app' } });
  await hub.client.create(CONFIGMAPS, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'app' },
    data: { mode: 'on' },
  } as KubeObject);
  const good = await makeBackup(hub, hub.location.store, 'good', { includedNamespaces: ['app'] });
  const goodTarball = await readFile(path.join(hub.location.dir, 'backups', 'good', 'good.tar.gz'));
  const manager = new Manager({ client: hub.client, log: testLog(), defaultMetrics: false, shutdownTimeoutMs: 5000, abortGraceMs: 2000 });
  manager.add(new RestoreController(VELERO_NS, { log: opts.log ?? testLog(), tempDir: opts.tempDir, resourceTimeoutMs: 10_000 }).controllerSpec());
  await manager.start();
  return {
    hub,
    good,
    goodTarball,
    async teardown() {
      await manager.stop();
      await hub.teardown();
    },
  };
}

const TERMINAL = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'];

/** Waits for the Restore to reach a terminal phase: a deadline here is what a stuck queue fails. */
export async function finishedRestore(hub: HubWithStorage, name: string): Promise<Restore> {
  let restore: Restore | undefined;
  await waitFor(
    `restore ${name} to finish`,
    async () => {
      restore = await tryGet<Restore & KubeObject>(hub, RESTORES, name, VELERO_NS);
      return TERMINAL.includes(restore?.status?.phase ?? '');
    },
    30_000,
  );
  return restore!;
}

/** Concatenated gzip members of zeros: about 1 KiB stored per MiB inflated. */
export function gzipBomb(memberBytes: number, members: number): Buffer {
  const member = gzipSync(Buffer.alloc(memberBytes), { level: 9 });
  return Buffer.concat(Array.from({ length: members }, () => member));
}

export interface HandMadeEntry {
  name: string;
  type?: 'file' | 'symlink' | 'link' | 'directory';
  body?: Buffer;
  linkname?: string;
}

/** A `.tar.gz` with exactly these headers, whatever their names or types. */
export async function tarGz(entries: HandMadeEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const e of entries) {
    if ((e.type ?? 'file') === 'file') pack.entry({ name: e.name }, e.body ?? Buffer.alloc(0));
    else pack.entry({ name: e.name, type: e.type, linkname: e.linkname });
  }
  pack.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

export function mkfifo(file: string): void {
  execFileSync('mkfifo', ['-m', '600', file]);
}

/** Every path under `dir` (directories with a trailing `/`), sorted: compared before and after. */
export async function tree(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    out.push(`${path.relative(dir, path.join(e.parentPath, e.name))}${e.isDirectory() ? '/' : ''}`);
  }
  return out.sort();
}

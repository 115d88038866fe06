// A backup's tarball unpacked into a private temp directory (spec/velero.md §3, §5.1): the whole
// archive is read — and so verified to the end of its gzip stream — before anything is restored,
// bodies stay on disk, and only the index of item names is held in memory.
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Item } from './item-object.js';
import type { RestoreLog } from './restore-log.js';

/** One regular file of the tarball, its body streamed. */
export interface ArchiveEntry {
  path: string;
  body: Readable | Buffer | AsyncIterable<Uint8Array>;
}

/** GR → namespace ('' for cluster scope) → item names, sorted. */
export type ResourceIndex = Map<string, Map<string, string[]>>;

export class BackupContents {
  constructor(
    /** The extraction directory. */
    readonly dir: string,
    /** Undefined when the tarball has no `resources/` at all: Velero's "zero items" case. */
    readonly resources: ResourceIndex | undefined,
  ) {}

  get resourcesDir(): string {
    return path.join(this.dir, 'resources');
  }

  /** As Velero names items in messages: `resources/<gr>/namespaces/<ns>/<name>.json`. */
  relativePath(groupResource: string, namespace: string, name: string): string {
    return ['resources', groupResource, ...(namespace ? ['namespaces', namespace] : ['cluster']), `${name}.json`].join('/');
  }

  has(groupResource: string, namespace: string, name: string): boolean {
    return this.resources?.get(groupResource)?.get(namespace)?.includes(name) ?? false;
  }

  async readItem(groupResource: string, namespace: string, name: string): Promise<Item> {
    const text = await readFile(path.join(this.dir, this.relativePath(groupResource, namespace, name)), 'utf8');
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('the file does not hold a JSON object');
    return value as Item;
  }

  /** The backed-up Namespace object, if the backup holds one. */
  async namespace(name: string): Promise<Item | undefined> {
    if (!this.has('namespaces', '', name)) return undefined;
    return this.readItem('namespaces', '', name);
  }
}

async function writeBody(file: string, body: ArchiveEntry['body']): Promise<void> {
  const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
  await pipeline(source, createWriteStream(file, { mode: 0o600 }));
}

async function drain(body: ArchiveEntry['body']): Promise<void> {
  if (Buffer.isBuffer(body)) return;
  for await (const _chunk of body) {
    // read to the end: the archive is verified as a whole even where entries are not kept
  }
}

/**
 * Writes the unversioned item files (`resources/<gr>/cluster/<name>.json`,
 * `resources/<gr>/namespaces/<ns>/<name>.json`) under `dir` and indexes them. The
 * `<version>-preferredversion` copies are read and dropped: without EnableAPIGroupVersions Velero
 * restores from the unversioned tree.
 */
export async function extractBackup(entries: AsyncIterable<ArchiveEntry>, dir: string, log: RestoreLog): Promise<BackupContents> {
  const index = new Map<string, Map<string, Set<string>>>();
  const madeDirs = new Set<string>();
  let sawResources = false;
  for await (const entry of entries) {
    const parts = entry.path.split('/');
    if (parts[0] !== 'resources' || parts.length < 2) {
      await drain(entry.body);
      continue;
    }
    sawResources = true;
    const gr = parts[1];
    let namespace: string | undefined;
    let file: string | undefined;
    if (parts.length === 4 && parts[2] === 'cluster') {
      namespace = '';
      file = parts[3];
    } else if (parts.length === 5 && parts[2] === 'namespaces') {
      namespace = parts[3];
      file = parts[4];
    }
    if (namespace === undefined || file === undefined || gr === '' || file === '' || (parts.length === 5 && namespace === '')) {
      if (parts.length <= 3) log.warn(`Ignoring unexpected file "${entry.path}" in the backup`);
      await drain(entry.body);
      continue;
    }
    if (!file.endsWith('.json') || file === '.json') {
      log.warn(`Ignoring unexpected file "${entry.path}" in the backup`);
      await drain(entry.body);
      continue;
    }
    const target = path.join(dir, ...parts);
    const parent = path.dirname(target);
    if (!madeDirs.has(parent)) {
      await mkdir(parent, { recursive: true, mode: 0o700 });
      madeDirs.add(parent);
    }
    await writeBody(target, entry.body);
    let byNs = index.get(gr);
    if (!byNs) index.set(gr, (byNs = new Map()));
    let names = byNs.get(namespace);
    if (!names) byNs.set(namespace, (names = new Set()));
    names.add(file.slice(0, -'.json'.length));
  }
  if (sawResources) await mkdir(path.join(dir, 'resources'), { recursive: true, mode: 0o700 });
  const resources: ResourceIndex | undefined = sawResources ? new Map() : undefined;
  for (const [gr, byNs] of index) {
    const sorted = new Map<string, string[]>();
    for (const [ns, names] of byNs) sorted.set(ns, [...names].sort());
    resources?.set(gr, sorted);
  }
  return new BackupContents(dir, resources);
}

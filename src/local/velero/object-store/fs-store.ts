import { randomBytes } from 'node:crypto';
import { constants, createReadStream, type Dirent, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, rename, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { validateKeyPrefix, validateObjectKey, InvalidObjectKeyError } from '../layout.js';
import { ObjectNotFoundError, type ObjectStore } from './object-store.js';

// Backups hold Secrets: nothing here may be readable by other users.
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
// In-flight writes live beside their target (rename must not cross file systems) under a name
// no valid key produces, and listings skip them.
const TEMP_MARKER = '.lifeboat-tmp-';
// A concurrent delete may prune the directory between our mkdir and open; try again.
const PUT_ATTEMPTS = 3;
// Opening a FIFO for reading waits for a writer, forever, and holds one of libuv's few threads:
// never wait, never follow a link, and look at what was opened before reading it.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW;

/** A key that names a FIFO, device, socket or symbolic link in a directory store: never read. */
export class NotRegularFileError extends Error {
  constructor(
    readonly key: string,
    readonly kind: string,
    store: string,
  ) {
    super(`object "${key}" in ${store} is a ${kind}, not a regular file; it is not read`);
    this.name = 'NotRegularFileError';
  }
}

/**
 * An object store in a directory: key `a/b/c` is the file `<root>/a/b/c`. Writes are atomic
 * (temp file, fsync, rename, fsync of the directory), so a reader sees the old object, the new one,
 * or nothing. Empty directories are pruned on delete so that "directories" exist exactly while
 * they hold objects, as common prefixes do in S3. A missing root directory is an empty store;
 * the first put creates it. Only regular files are objects: anything else placed in the directory
 * is left out of listings and refused when named, and no key leads out of the root through a
 * symbolic link.
 */
export class FsObjectStore implements ObjectStore {
  readonly description: string;
  private readonly root: string;

  constructor(rootDir: string) {
    this.root = path.resolve(rootDir);
    this.description = `directory ${this.root}`;
  }

  async put(key: string, body: Readable | Buffer | string): Promise<void> {
    const file = this.pathOf(key);
    const dir = path.dirname(file);
    // The body may fail while the directory and file are prepared: keep that error on the stream
    // (pipeline reports it below) instead of letting it escape as an uncaught exception.
    if (typeof body !== 'string' && !Buffer.isBuffer(body)) body.on('error', ignoreUntilPiped);
    try {
      await this.assertInsideRoot(dir, key);
    } catch (err) {
      if (typeof body !== 'string' && !Buffer.isBuffer(body)) body.destroy();
      throw err;
    }
    let handle: FileHandle | undefined;
    let temp = '';
    for (let attempt = 1; ; attempt++) {
      await mkdir(dir, { recursive: true, mode: DIR_MODE });
      temp = path.join(dir, `${TEMP_MARKER}${randomBytes(8).toString('hex')}`);
      try {
        handle = await open(temp, 'wx', FILE_MODE);
        break;
      } catch (err) {
        if (errorCode(err) !== 'ENOENT' || attempt >= PUT_ATTEMPTS) {
          if (typeof body !== 'string' && !Buffer.isBuffer(body)) body.destroy();
          throw err;
        }
      }
    }
    try {
      await writeBody(handle, body);
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, file);
      await syncDirectory(dir);
    } catch (err) {
      await handle?.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    await this.assertInsideRoot(path.dirname(file), key);
    let handle: FileHandle;
    try {
      handle = await open(file, READ_FLAGS);
    } catch (err) {
      if (errorCode(err) === 'ELOOP') throw new NotRegularFileError(key, 'symbolic link', this.description);
      if (isMissing(err)) throw new ObjectNotFoundError(key);
      throw err;
    }
    const info = await handle.stat().catch(async (err: unknown) => {
      await handle.close();
      throw err;
    });
    if (!info.isFile()) {
      await handle.close();
      if (info.isDirectory()) throw new ObjectNotFoundError(key);
      throw new NotRegularFileError(key, fileKind(info), this.description);
    }
    return createReadStream('', { fd: handle, autoClose: true });
  }

  /** Whether something is stored under the key; a FIFO or link there counts (get refuses it). */
  async exists(key: string): Promise<boolean> {
    const file = this.pathOf(key);
    await this.assertInsideRoot(path.dirname(file), key);
    try {
      return !(await lstat(file)).isDirectory();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** Deleting a missing key succeeds, as in S3. */
  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    await this.assertInsideRoot(path.dirname(file), key);
    try {
      await unlink(file);
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    await this.pruneEmptyParents(path.dirname(file));
  }

  /** Every key starting with `prefix` (a plain string prefix, as in S3), in lexical order. */
  async *list(prefix: string): AsyncIterable<string> {
    validateKeyPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const baseKey = slash < 0 ? '' : prefix.slice(0, slash + 1);
    for await (const key of this.walk(baseKey)) {
      if (key.startsWith(prefix)) yield key;
    }
  }

  /**
   * Names of the "directories" directly under `prefix` (treated as a directory: `backups` and
   * `backups/` are the same), sorted. Like S3 common prefixes, a directory counts only if some
   * object lies beneath it.
   */
  async listPrefixes(prefix: string): Promise<string[]> {
    validateKeyPrefix(prefix);
    const dir = prefix === '' ? this.root : this.pathOfPrefix(prefix);
    const entries = await readDirectory(dir, prefix === '');
    const names: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith(TEMP_MARKER) && (await containsFile(path.join(dir, entry.name)))) {
        names.push(entry.name);
      }
    }
    return names.sort();
  }

  private async *walk(baseKey: string): AsyncGenerator<string> {
    const dir = baseKey === '' ? this.root : this.pathOfPrefix(baseKey);
    const entries = await readDirectory(dir, baseKey === '');
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_MARKER)) continue;
      const key = `${baseKey}${entry.name}`;
      if (entry.isDirectory()) yield* this.walk(`${key}/`);
      else if (entry.isFile()) yield key;
    }
  }

  private async pruneEmptyParents(dir: string): Promise<void> {
    while (dir !== this.root && dir.startsWith(this.root + path.sep)) {
      try {
        await rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      dir = path.dirname(dir);
    }
  }

  /**
   * Refuses a key whose directory resolves outside the root: a directory in storage replaced by a
   * symbolic link must not make a put, get or delete reach other files. The nearest existing
   * ancestor is checked, so a put never creates directories through such a link either.
   */
  private async assertInsideRoot(dir: string, key: string): Promise<void> {
    const root = await realpath(this.root).catch(() => this.root);
    for (let probe = dir; probe.startsWith(this.root + path.sep); probe = path.dirname(probe)) {
      let real: string;
      try {
        real = await realpath(probe);
      } catch (err) {
        if (isMissing(err)) continue;
        throw err;
      }
      if (real !== root && !real.startsWith(root + path.sep)) throw new InvalidObjectKeyError(key, 'leads out of the store root through a symbolic link');
      return;
    }
  }

  private pathOf(key: string): string {
    validateObjectKey(key);
    if (key.split('/').some((segment) => segment.startsWith(TEMP_MARKER))) {
      throw new InvalidObjectKeyError(key, `names starting with "${TEMP_MARKER}" are reserved`);
    }
    return this.inside(key);
  }

  private pathOfPrefix(prefix: string): string {
    return this.inside(prefix.replace(/\/+$/, ''));
  }

  private inside(relative: string): string {
    const full = path.resolve(this.root, ...relative.split('/'));
    if (!full.startsWith(this.root + path.sep)) throw new InvalidObjectKeyError(relative, 'escapes the store root');
    return full;
  }
}

async function writeBody(handle: FileHandle, body: Readable | Buffer | string): Promise<void> {
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    await handle.writeFile(body);
    return;
  }
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      handle.write(chunk).then(() => callback(), callback);
    },
  });
  await pipeline(body, sink);
}

function ignoreUntilPiped(): void {}

/** A rename is durable only once the directory entry is on disk too. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * A missing directory is an empty one, except that the root must not be a file. Below the root,
 * one unreadable directory holds no objects: it must not hide every other backup from a listing.
 */
async function readDirectory(dir: string, isRoot: boolean): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || (!isRoot && (code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM'))) return [];
    throw err;
  }
}

async function containsFile(dir: string): Promise<boolean> {
  const entries = await readDirectory(dir, false);
  for (const entry of entries) {
    if (entry.name.startsWith(TEMP_MARKER)) continue;
    if (entry.isFile()) return true;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith(TEMP_MARKER) && (await containsFile(path.join(dir, entry.name)))) return true;
  }
  return false;
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function fileKind(info: Stats): string {
  if (info.isFIFO()) return 'FIFO';
  if (info.isSocket()) return 'socket';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  return 'special file';
}

function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

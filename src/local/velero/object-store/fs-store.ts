import { randomBytes } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
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

/**
 * An object store in a directory: key `a/b/c` is the file `<root>/a/b/c`. Writes are atomic
 * (temp file, fsync, rename, fsync of the directory), so a reader sees the old object, the new one,
 * or nothing. Empty directories are pruned on delete so that "directories" exist exactly while
 * they hold objects, as common prefixes do in S3. A missing root directory is an empty store;
 * the first put creates it.
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
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if (isMissing(err)) throw new ObjectNotFoundError(key);
      throw err;
    }
    const info = await handle.stat().catch(async (err: unknown) => {
      await handle.close();
      throw err;
    });
    if (!info.isFile()) {
      await handle.close();
      throw new ObjectNotFoundError(key);
    }
    return createReadStream('', { fd: handle, autoClose: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** Deleting a missing key succeeds, as in S3. */
  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
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

/** A missing directory is an empty one, except that the root must not be a file. */
async function readDirectory(dir: string, isRoot: boolean): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ENOENT' || (code === 'ENOTDIR' && !isRoot)) return [];
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

function isMissing(err: unknown): boolean {
  const code = errorCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

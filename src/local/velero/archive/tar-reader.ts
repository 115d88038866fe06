import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { byteLimit, formatBytes, STORAGE_READ_LIMITS } from '../storage-limits.js';
import { normaliseEntryPath } from './entry-path.js';

export interface TarEntry {
  /** Relative path inside the archive, e.g. `resources/configmaps/namespaces/ns1/a.json`. */
  path: string;
  body: Buffer;
}

export interface ReadTarGzOptions {
  /** Refuse entries larger than this: one entry is held in memory at a time. */
  maxEntryBytes?: number;
  /** Refuse an archive that inflates to more than this. */
  maxInflatedBytes?: number;
}

/** A backup tarball that cannot be read, with the reason in words. */
export class ArchiveError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ArchiveError';
  }
}

/**
 * Streams the regular files of a `.tar.gz`, one at a time. Directory entries are skipped (paths
 * carry their parents) and so are links and devices, as Velero's extractor ignores them. An
 * escaping path, a corrupt or truncated archive rejects the iteration with an error naming it.
 */
export async function* readTarGz(input: Readable, opts: ReadTarGzOptions = {}): AsyncGenerator<TarEntry> {
  const maxEntryBytes = opts.maxEntryBytes ?? STORAGE_READ_LIMITS.archiveEntryBytes;
  const maxInflatedBytes = opts.maxInflatedBytes ?? STORAGE_READ_LIMITS.archiveInflatedBytes;
  const gunzip = createGunzip();
  const inflated = byteLimit(
    maxInflatedBytes,
    () => new ArchiveError(`backup archive inflates to more than the ${formatBytes(maxInflatedBytes)} the engine reads`),
  );
  const extract = tar.extract();
  let failure: Error | undefined;
  const fail = (err: Error): void => {
    failure ??= err;
    extract.destroy(failure);
  };
  input.on('error', (err: Error) => fail(new ArchiveError(`reading backup archive: ${err.message}`, err)));
  gunzip.on('error', (err: Error) => fail(gzipError(err)));
  inflated.on('error', (err: Error) => fail(err));
  input
    .pipe(gunzip)
    .pipe(inflated)
    .pipe(extract as unknown as NodeJS.WritableStream);

  try {
    for await (const entry of extract) {
      const header = entry.header;
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        entry.resume();
        continue;
      }
      const path = normaliseEntryPath(header.name);
      if ((header.size ?? 0) > maxEntryBytes) {
        throw new ArchiveError(`backup archive entry "${path}" is ${header.size} bytes, more than the ${formatBytes(maxEntryBytes)} the engine reads`);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      yield { path, body: Buffer.concat(chunks) };
    }
  } catch (err) {
    if (failure) throw failure;
    if (err instanceof ArchiveError || (err instanceof Error && err.name === 'UnsafeEntryPathError')) throw err;
    throw tarError(err);
  } finally {
    // Also runs when the consumer stops early: release the source.
    input.unpipe(gunzip);
    gunzip.destroy();
    inflated.destroy();
    extract.destroy();
    if (!input.readableEnded) input.destroy();
  }
  if (failure) throw failure;
}

function gzipError(err: Error): ArchiveError {
  const code = (err as { code?: string }).code;
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message)) {
    return new ArchiveError('backup archive is truncated: the gzip stream ends before its end marker', err);
  }
  if (code === 'Z_DATA_ERROR') return new ArchiveError(`backup archive is not valid gzip data: ${err.message}`, err);
  return new ArchiveError(`decompressing backup archive: ${err.message}`, err);
}

function tarError(err: unknown): ArchiveError {
  const message = err instanceof Error ? err.message : String(err);
  if (/unexpected end of data/i.test(message)) return new ArchiveError('backup archive is truncated: the tar stream ends inside an entry', err);
  return new ArchiveError(`backup archive is not a valid tar archive: ${message}`, err);
}

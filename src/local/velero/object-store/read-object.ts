import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { byteLimit, STORAGE_READ_LIMITS, StoredFileTooLargeError } from '../storage-limits.js';
import type { ObjectStore } from './object-store.js';

export interface GzipReadLimits {
  storedBytes: number;
  inflatedBytes: number;
}

/** A whole small object (velero-backup.json, …), refused past `maxBytes`; never use it for a tarball. */
export async function readObject(store: ObjectStore, key: string, maxBytes: number = STORAGE_READ_LIMITS.backupMetadataBytes): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await pipeline(
    await store.get(key),
    byteLimit(maxBytes, () => new StoredFileTooLargeError(key, maxBytes, false)),
    async (body: AsyncIterable<Buffer>) => {
      for await (const chunk of body) chunks.push(chunk);
    },
  );
  return Buffer.concat(chunks);
}

export async function readObjectText(store: ObjectStore, key: string, maxBytes?: number): Promise<string> {
  return (await readObject(store, key, maxBytes)).toString('utf8');
}

/**
 * A whole gzipped object (`*.json.gz`), inflated while it streams: both what is stored and what
 * it inflates to are capped, so a small file that inflates to gigabytes stops at the cap.
 */
export async function readGzipObject(
  store: ObjectStore,
  key: string,
  limits: GzipReadLimits = { storedBytes: STORAGE_READ_LIMITS.sideFileStoredBytes, inflatedBytes: STORAGE_READ_LIMITS.sideFileInflatedBytes },
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const gunzip = createGunzip();
  try {
    await pipeline(
      await store.get(key),
      byteLimit(limits.storedBytes, () => new StoredFileTooLargeError(key, limits.storedBytes, false)),
      gunzip,
      byteLimit(limits.inflatedBytes, () => new StoredFileTooLargeError(key, limits.inflatedBytes, true)),
      async (body: AsyncIterable<Buffer>) => {
        for await (const chunk of body) chunks.push(chunk);
      },
    );
  } catch (err) {
    // zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR for a truncated stream) do not say which file.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) throw new Error(`${key} is not valid gzip data: ${(err as Error).message}`, { cause: err });
    throw err;
  }
  return Buffer.concat(chunks);
}

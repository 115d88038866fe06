import type { Readable } from 'node:stream';

/**
 * Where backups live: a directory or an S3 bucket, addressed by keys relative to the storage
 * location's prefix (`backups/<name>/velero-backup.json`, …). Streams in and out; never buffers a
 * whole tarball.
 */
export interface ObjectStore {
  /** Human-readable location for messages and logs (never includes credentials). */
  readonly description: string;
  /** Writes the object; readers see either nothing or the complete object. */
  put(key: string, body: Readable | Buffer | string): Promise<void>;
  /** Streams the object; rejects with ObjectNotFoundError when it does not exist. */
  get(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix, recursively. */
  list(prefix: string): AsyncIterable<string>;
  /** "Directories" directly under a prefix (common prefixes with delimiter `/`), without the trailing slash. */
  listPrefixes(prefix: string): Promise<string[]>;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`object "${key}" not found`);
    this.name = 'ObjectNotFoundError';
  }
}

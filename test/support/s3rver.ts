// A real S3-protocol server (s3rver) for tests, on a free port with a temp data directory.
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
// @ts-expect-error s3rver ships no type declarations
import S3rverModule from 's3rver';
import { tempDir } from './temp.js';

interface ListOptions {
  delimiter?: string;
  prefix?: string;
  maxKeys?: number;
  [k: string]: unknown;
}
interface ListResult {
  objects: { key: string }[];
  commonPrefixes: string[];
  isTruncated: boolean;
}
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  store: { listObjects(bucket: string, options: ListOptions): Promise<ListResult> };
}
const S3rver = S3rverModule as new (opts: Record<string, unknown>) => S3rverInstance;

/** s3rver's built-in account. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3rverEnv {
  endpoint: string;
  port: number;
  dir: string;
  close(): Promise<void>;
}

export async function startS3rver(buckets: string[]): Promise<S3rverEnv> {
  const dir = await tempDir('s3rver');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  fixDelimitedListing(server);
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    dir,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * s3rver 3.7.1 prunes its directory walk below the first level under the prefix, so a delimited
 * listing misses every common prefix whose objects lie two or more levels down (e.g. `backups`
 * for `backups/b1/velero-backup.json`). Real S3 and MinIO report them; compute them the S3 way
 * from the undelimited listing so tests see S3's behaviour.
 */
function fixDelimitedListing(server: S3rverInstance): void {
  const store = server.store;
  const original = store.listObjects.bind(store);
  store.listObjects = async (bucket, options) => {
    const delimiter = options.delimiter;
    if (!delimiter) return original(bucket, options);
    const prefix = options.prefix ?? '';
    const all = await original(bucket, { ...options, delimiter: '', maxKeys: Infinity });
    const commonPrefixes = new Set<string>();
    const objects: { key: string }[] = [];
    for (const object of all.objects) {
      const idx = object.key.slice(prefix.length).indexOf(delimiter);
      if (idx >= 0) commonPrefixes.add(object.key.slice(0, prefix.length + idx + delimiter.length));
      else objects.push(object);
    }
    const maxKeys = options.maxKeys ?? Infinity;
    return { objects: objects.slice(0, maxKeys), commonPrefixes: [...commonPrefixes].sort(), isTruncated: objects.length > maxKeys };
  };
}

import path from 'node:path';
import { InvalidArgumentError } from 'commander';

export type StorageOption =
  { kind: 'fs'; dir: string } | { kind: 's3'; bucket: string; prefix: string; endpoint?: string; region: string; forcePathStyle: boolean };

/**
 * `--storage <dir>` or `--storage s3://bucket/prefix?endpoint=…&region=…[&forcePathStyle=false]`.
 * Credentials never go in the URL: they come from the environment or `--storage-credentials`.
 */
export function parseStorageOption(value: string): StorageOption {
  if (!value.startsWith('s3://')) {
    if (value.includes('://')) throw new InvalidArgumentError(`--storage must be a directory or an s3:// URL, got "${value}"`);
    return { kind: 'fs', dir: path.resolve(value) };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`--storage "${value}" is not a valid s3:// URL`);
  }
  if (url.username || url.password)
    throw new InvalidArgumentError('--storage must not carry credentials; use AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --storage-credentials');
  const bucket = url.hostname;
  if (!bucket) throw new InvalidArgumentError(`--storage "${value}" names no bucket (s3://<bucket>/<prefix>)`);
  const allowed = new Set(['endpoint', 'region', 'forcePathStyle']);
  for (const key of url.searchParams.keys()) {
    if (!allowed.has(key)) throw new InvalidArgumentError(`--storage: unknown parameter "${key}" (known: endpoint, region, forcePathStyle)`);
  }
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\//.test(endpoint))
    throw new InvalidArgumentError(`--storage: endpoint "${endpoint}" must start with http:// or https://`);
  return {
    kind: 's3',
    bucket,
    prefix: url.pathname.replace(/^\/+|\/+$/g, ''),
    endpoint,
    region: url.searchParams.get('region') ?? 'us-east-1',
    forcePathStyle: url.searchParams.get('forcePathStyle') !== 'false',
  };
}

import path from 'node:path';
import { AWS_PROVIDER, FS_PROVIDER, LOCAL_PROVIDER, type BackupStorageLocation, type SecretKeySelector } from '../../../api/velero/index.js';
import { isNotFound, type KubeClient } from '../../../kube/index.js';
import { rootPrefix } from '../layout.js';
import { parseAwsCredentials } from './credentials.js';
import { FsObjectStore } from './fs-store.js';
import type { ObjectStore } from './object-store.js';
import type { S3Credentials } from './s3-store.js';
import { SECRETS } from '../../../kube/index.js';

const AWS_PROVIDERS = new Set([AWS_PROVIDER, 'velero.io/aws']);
const FS_PROVIDERS = new Set([FS_PROVIDER, LOCAL_PROVIDER]);
const DEFAULT_REGION = 'us-east-1';

/** A store opened for a BSL; close() releases its connections. */
export type OpenedObjectStore = ObjectStore & { close(): void };

/**
 * A BackupStorageLocation that cannot be turned into a store. `problem` is the cause alone (for
 * Velero's `BackupStorageLocation "<name>" is unavailable: <problem>`); the message names the
 * BSL too. Neither ever contains credentials.
 */
export class StorageLocationError extends Error {
  constructor(
    readonly location: string,
    readonly problem: string,
  ) {
    super(`BackupStorageLocation "${location}": ${problem}`);
    this.name = 'StorageLocationError';
  }
}

interface SecretObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/**
 * Builds the object store a BackupStorageLocation describes: provider `aws` (any S3 endpoint,
 * the AWS plugin's config keys) or `lifeboat.io/fs` / `local` (`objectStorage.bucket` is an
 * absolute directory path). `objectStorage.prefix` roots the store, so keys are always the
 * layout's relative keys.
 */
export async function openObjectStore(bsl: BackupStorageLocation, client: KubeClient): Promise<OpenedObjectStore> {
  const name = bsl.metadata.name ?? '';
  const namespace = bsl.metadata.namespace ?? '';
  const fail = (problem: string): never => {
    throw new StorageLocationError(name, problem);
  };
  const spec = bsl.spec ?? fail('spec is missing');
  const provider = spec.provider ?? fail('spec.provider is missing');
  const storage = spec.objectStorage ?? fail('spec.objectStorage is missing');
  const bucket = (storage.bucket ?? '').trim();
  if (bucket === '') fail('spec.objectStorage.bucket is missing');
  if (storage.caCert && storage.caCertRef) fail('cannot specify both caCert and caCertRef in objectStorage');
  const prefix = rootPrefix(storage.prefix);
  if (prefix.split('/').some((segment) => segment === '..' || segment === '.')) {
    fail(`spec.objectStorage.prefix "${storage.prefix ?? ''}" must not contain "." or ".." segments`);
  }
  const config = spec.config ?? {};

  if (FS_PROVIDERS.has(provider)) {
    if (!path.isAbsolute(bucket)) fail(`spec.objectStorage.bucket "${bucket}" must be an absolute directory path for provider "${provider}"`);
    const store = new FsObjectStore(path.join(bucket, ...prefix.split('/').filter(Boolean)));
    return Object.assign(store, { close: () => undefined });
  }

  if (!AWS_PROVIDERS.has(provider)) {
    fail(`unsupported provider "${provider}" (supported: ${AWS_PROVIDER}, ${FS_PROVIDER}, ${LOCAL_PROVIDER})`);
  }
  const trimmedBucket = bucket.replace(/^\/+|\/+$/g, '');
  if (trimmedBucket.includes('/') && !trimmedBucket.startsWith('arn:')) {
    fail(`backup storage location's bucket name "${trimmedBucket}" must not contain a '/' (if using a prefix, put it in the 'Prefix' field instead)`);
  }

  const readKey = async (selector: SecretKeySelector, field: string): Promise<string> => {
    const secretName = selector.name ?? fail(`${field}.name is missing`);
    let secret: SecretObject;
    try {
      secret = await client.get<SecretObject & { apiVersion?: string }>(SECRETS, secretName, { namespace });
    } catch (err) {
      if (isNotFound(err)) fail(`${field}: secret "${secretName}" not found in namespace "${namespace}"`);
      throw err;
    }
    const encoded = secret.data?.[selector.key];
    if (encoded === undefined) fail(`${field}: secret "${secretName}" has no key "${selector.key}"`);
    return Buffer.from(encoded as string, 'base64').toString('utf8');
  };

  let credentials: S3Credentials | undefined;
  if (spec.credential) {
    const profile = config.profile || 'default';
    credentials = parseAwsCredentials(await readKey(spec.credential, 'spec.credential'), profile);
    if (!credentials) {
      fail(
        `spec.credential: key "${spec.credential.key}" of secret "${spec.credential.name ?? ''}" has no profile [${profile}] with aws_access_key_id and aws_secret_access_key`,
      );
    }
  }
  let caCert: string | undefined;
  if (storage.caCert) caCert = Buffer.from(storage.caCert, 'base64').toString('utf8');
  if (storage.caCertRef) caCert = await readKey(storage.caCertRef, 'spec.objectStorage.caCertRef');

  // Loaded on first use: the AWS SDK adds ~25 MiB to a process that only ever uses a directory store.
  const { S3ObjectStore } = await import('./s3-store.js');
  return new S3ObjectStore({
    bucket: trimmedBucket,
    prefix,
    region: config.region || DEFAULT_REGION,
    endpoint: config.s3Url || undefined,
    forcePathStyle: isTrue(config.s3ForcePathStyle),
    credentials,
    serverSideEncryption: config.serverSideEncryption || undefined,
    kmsKeyId: config.kmsKeyId || undefined,
    caCert,
    insecureSkipTLSVerify: isTrue(config.insecureSkipTLSVerify),
  });
}

/** Velero parses these flags with strconv.ParseBool. */
function isTrue(value: string | undefined): boolean {
  return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes((value ?? '').trim());
}

import { promises as fs } from 'node:fs';
import { isAlreadyExists, isNotFound, type KubeClient, type ResourceRef } from '../kube/index.js';
import type { StorageOption } from './storage-option.js';

const NAMESPACES: ResourceRef = { group: '', version: 'v1', plural: 'namespaces', namespaced: false, kind: 'Namespace' };
const SECRETS: ResourceRef = { group: '', version: 'v1', plural: 'secrets', namespaced: true, kind: 'Secret' };
const BSLS: ResourceRef = { group: 'velero.io', version: 'v1', plural: 'backupstoragelocations', namespaced: true, kind: 'BackupStorageLocation' };

export const DEFAULT_BSL = 'default';
export const CREDENTIALS_SECRET = 'cloud-credentials';

export async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/** AWS shared-credentials text from the environment, or undefined when none is set. */
export function credentialsFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const id = env.AWS_ACCESS_KEY_ID;
  const secret = env.AWS_SECRET_ACCESS_KEY;
  if (!id || !secret) return undefined;
  return `[default]\naws_access_key_id=${id}\naws_secret_access_key=${secret}\n`;
}

/**
 * Creates (or brings up to date) the BackupStorageLocation `default` that `lifeboat up --storage`
 * describes, and for S3 the Secret holding its credentials, in the backup namespace.
 */
export async function ensureStorageLocation(client: KubeClient, namespace: string, storage: StorageOption, credentials?: string): Promise<void> {
  let spec: Record<string, unknown>;
  if (storage.kind === 'fs') {
    await fs.mkdir(storage.dir, { recursive: true, mode: 0o700 });
    spec = { provider: 'lifeboat.io/fs', default: true, objectStorage: { bucket: storage.dir } };
  } else {
    const config: Record<string, string> = { region: storage.region, s3ForcePathStyle: String(storage.forcePathStyle) };
    if (storage.endpoint) config.s3Url = storage.endpoint;
    spec = {
      provider: 'aws',
      default: true,
      objectStorage: { bucket: storage.bucket, ...(storage.prefix ? { prefix: storage.prefix } : {}) },
      config,
      ...(credentials ? { credential: { name: CREDENTIALS_SECRET, key: 'cloud' } } : {}),
    };
    if (credentials) await upsert(client, SECRETS, namespace, { apiVersion: 'v1', kind: 'Secret', metadata: { name: CREDENTIALS_SECRET, namespace }, type: 'Opaque', stringData: { cloud: credentials } });
  }
  await upsert(client, BSLS, namespace, { apiVersion: 'velero.io/v1', kind: 'BackupStorageLocation', metadata: { name: DEFAULT_BSL, namespace }, spec });
}

async function upsert(client: KubeClient, ref: ResourceRef, namespace: string, obj: { metadata: { name: string; namespace?: string }; [k: string]: unknown }): Promise<void> {
  try {
    await client.get(ref, obj.metadata.name, { namespace });
    await client.patch(ref, obj.metadata.name, stripMeta(obj), { namespace, type: 'merge' });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await client.create(ref, obj, { namespace });
  }
}

function stripMeta(obj: Record<string, unknown>): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

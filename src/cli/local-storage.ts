import { promises as fs } from 'node:fs';
import { DATA_PROTECTION_APPLICATIONS, type DataProtectionApplication } from '../api/ocm/index.js';
import { BACKUP_STORAGE_LOCATIONS, type BackupStorageLocationSpec } from '../api/velero/index.js';
import { NAMESPACES, SECRETS, isAlreadyExists, isNotFound, type KubeClient, type KubeObject, type PatchBody, type ResourceRef } from '../kube/index.js';
import type { StorageOption } from './storage-option.js';

const DPA_API_VERSION = `${DATA_PROTECTION_APPLICATIONS.group}/${DATA_PROTECTION_APPLICATIONS.version}`;

export const DEFAULT_BSL = 'default';
export const CREDENTIALS_SECRET = 'cloud-credentials';
/** The DataProtectionApplication that owns the location, as OADP's does on an ACM hub (decision 16). */
export const DPA_NAME = 'lifeboat';

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
 * describes, and for S3 the Secret holding its credentials, in the backup namespace. The location
 * is owned by the DataProtectionApplication `lifeboat`, which describes the same location: the
 * BackupSchedule and Restore controllers accept only a location with an owner (hub-backup.md §2.2).
 */
export async function ensureStorageLocation(client: KubeClient, namespace: string, storage: StorageOption, credentials?: string): Promise<void> {
  let spec: BackupStorageLocationSpec;
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
    if (credentials) {
      await upsert(client, SECRETS, namespace, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: CREDENTIALS_SECRET, namespace },
        type: 'Opaque',
        stringData: { cloud: credentials },
      });
    }
  }
  const dpa = await upsert(client, DATA_PROTECTION_APPLICATIONS, namespace, {
    apiVersion: DPA_API_VERSION,
    kind: DATA_PROTECTION_APPLICATIONS.kind,
    metadata: { name: DPA_NAME, namespace },
    spec: { backupLocations: [{ name: DEFAULT_BSL, velero: spec }] } satisfies DataProtectionApplication['spec'] as Record<string, unknown>,
  });
  const owner = {
    apiVersion: DPA_API_VERSION,
    kind: DATA_PROTECTION_APPLICATIONS.kind,
    name: DPA_NAME,
    uid: dpa.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
  await upsert(client, BACKUP_STORAGE_LOCATIONS, namespace, {
    apiVersion: 'velero.io/v1',
    kind: 'BackupStorageLocation',
    metadata: { name: DEFAULT_BSL, namespace, ownerReferences: [owner] },
    spec,
  });
}

/** Creates the object, or merge-patches spec (and owner references) onto the existing one. */
async function upsert(
  client: KubeClient,
  ref: ResourceRef,
  namespace: string,
  obj: { metadata: { name: string; namespace?: string; ownerReferences?: unknown[] }; [k: string]: unknown },
): Promise<KubeObject> {
  try {
    await client.get(ref, obj.metadata.name, { namespace });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      return await client.create(ref, obj as KubeObject, { namespace });
    } catch (createErr) {
      if (!isAlreadyExists(createErr)) throw createErr;
    }
  }
  const patch: Record<string, unknown> = stripMeta(obj);
  if (obj.metadata.ownerReferences) patch.metadata = { ownerReferences: obj.metadata.ownerReferences };
  return client.patch(ref, obj.metadata.name, patch as PatchBody, { namespace, type: 'merge' });
}

function stripMeta(obj: Record<string, unknown>): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

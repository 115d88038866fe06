import { NAMESPACES, isAlreadyExists, isNotFound, type KubeClient, type KubeObject, type ObjectMeta, type ResourceRef } from '../../kube/index.js';

export interface SecretObject extends KubeObject {
  metadata: ObjectMeta;
  type?: string;
  /** base64, as the API delivers it. */
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** One decoded value of a Secret's `data`. */
export function secretValue(secret: { data?: Record<string, string> } | undefined, key: string): string | undefined {
  const raw = secret?.data?.[key];
  return raw === undefined ? undefined : Buffer.from(raw, 'base64').toString('utf8');
}

/** Creates the object unless one of that name exists; returns whether it created it. */
export async function createIfAbsent<T extends KubeObject>(client: KubeClient, ref: ResourceRef, obj: T, signal?: AbortSignal): Promise<boolean> {
  try {
    await client.create(ref, obj, { signal });
    return true;
  } catch (err) {
    if (isAlreadyExists(err)) return false;
    throw err;
  }
}

export async function ensureNamespace(client: KubeClient, name: string, labels?: Record<string, string>, signal?: AbortSignal): Promise<void> {
  await createIfAbsent(client, NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...(labels ? { labels } : {}) } }, signal);
}

/** GET that reads a 404 as "absent". */
export async function getIfExists<T extends KubeObject>(
  client: KubeClient,
  ref: ResourceRef,
  name: string,
  namespace?: string,
  signal?: AbortSignal,
): Promise<T | undefined> {
  try {
    return await client.get<T>(ref, name, { namespace, signal });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

// Listing that tells "this API is not served" apart from "no objects": decision 6 makes a missing
// optional API mean "none of those objects", and the doctor then says the check does not apply.

import { KubeApiError, isNotFound, type KubeClient, type KubeObject, type ResourceRef } from '../../kube/index.js';

export interface ListScope {
  namespace?: string;
  labelSelector?: string;
}

/** Every object, or `undefined` when the API server does not serve the resource at all. */
export async function listIfServed<T extends KubeObject>(client: KubeClient, ref: ResourceRef, scope: ListScope = {}): Promise<T[] | undefined> {
  const items: T[] = [];
  try {
    for await (const item of client.listAll<T>(ref, scope)) items.push(item);
  } catch (err) {
    // A list of a served resource never 404s (an absent namespace lists empty), so 404 = no API.
    if (isNotFound(err)) return undefined;
    throw err;
  }
  return items;
}

/** `group/version plural`, the way kubectl's errors name an API. */
export function apiName(ref: ResourceRef): string {
  return `${ref.plural}.${ref.group || 'core'}/${ref.version}`;
}

/** The embedded hub reports a `-lifeboat` gitVersion (src/hub/http/server.ts). */
export async function isEmbeddedHub(client: KubeClient): Promise<boolean> {
  let version: { gitVersion?: string };
  try {
    version = await client.transport.json<{ gitVersion?: string }>({ method: 'GET', path: '/version' });
  } catch (err) {
    // A server that hides /version (403) is not the embedded hub, which always serves it.
    if (err instanceof KubeApiError && err.code !== 401) return false;
    throw err;
  }
  return typeof version.gitVersion === 'string' && version.gitVersion.endsWith('-lifeboat');
}

export { isServed } from '../../kube/index.js';

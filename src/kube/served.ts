// Whether an API server serves a resource at all, told apart from "it has no objects": optional
// APIs (decision 6; the snapshot API on clusters without a CSI snapshotter) are then left alone.
import { isNotFound } from './errors.js';
import type { KubeClient } from './client.js';
import type { ResourceRef } from './types.js';

/** Whether the API server serves the resource; one tiny list page is enough to tell. */
export async function isServed(client: KubeClient, ref: ResourceRef): Promise<boolean> {
  try {
    await client.list(ref, { limit: 1 });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

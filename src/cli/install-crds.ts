import { isAlreadyExists, isNotFound, type KubeClient } from '../kube/index.js';
import { CUSTOM_RESOURCE_DEFINITIONS as CRDS } from '../kube/index.js';

interface CrdObject {
  metadata: { name: string; resourceVersion?: string; labels?: Record<string, string> };
  spec: unknown;
}

/** Creates or updates CustomResourceDefinitions (what `kubectl apply` of deploy/crds does). */
export async function installCrds(client: KubeClient, crds: object[]): Promise<void> {
  for (const raw of crds) {
    const crd = raw as CrdObject;
    try {
      await client.create(CRDS, crd);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const current = await client.get<CrdObject>(CRDS, crd.metadata.name);
      await client.update(CRDS, { ...crd, metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion } });
    }
  }
}

export async function crdInstalled(client: KubeClient, name: string): Promise<boolean> {
  try {
    await client.get(CRDS, name);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

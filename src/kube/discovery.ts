import { NoKindMatchError, isNotFound } from './errors.js';
import { groupVersionPath, splitApiVersion } from './paths.js';
import type { KubeTransport } from './transport.js';
import type { ResourceRef } from './types.js';

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
}

interface ApiResourceList {
  resources?: ApiResource[];
}

/**
 * Maps apiVersion+kind to a resource through the API's own discovery documents, one group/version
 * at a time. A kind that is missing from the cached document triggers one refetch, so a CRD that
 * became served after the first lookup is found without restarting.
 */
export class Discovery {
  private readonly byGroupVersion = new Map<string, Map<string, ResourceRef>>();
  private readonly inFlight = new Map<string, Promise<Map<string, ResourceRef>>>();

  constructor(private readonly transport: KubeTransport) {}

  async resolve(apiVersion: string, kind: string): Promise<ResourceRef> {
    const cached = this.byGroupVersion.get(apiVersion)?.get(kind);
    if (cached) return cached;
    const fresh = (await this.fetch(apiVersion)).get(kind);
    if (!fresh) throw new NoKindMatchError(apiVersion, kind);
    return fresh;
  }

  /** Forgets everything, e.g. after CRDs were removed. */
  invalidate(): void {
    this.byGroupVersion.clear();
  }

  // Concurrent misses share one request; it is not tied to any caller's AbortSignal so that one
  // caller giving up does not fail the others (the transport's timeout still bounds it).
  private fetch(apiVersion: string): Promise<Map<string, ResourceRef>> {
    let pending = this.inFlight.get(apiVersion);
    if (!pending) {
      pending = this.load(apiVersion).finally(() => this.inFlight.delete(apiVersion));
      this.inFlight.set(apiVersion, pending);
    }
    return pending;
  }

  private async load(apiVersion: string): Promise<Map<string, ResourceRef>> {
    const { group, version } = splitApiVersion(apiVersion);
    let doc: ApiResourceList;
    try {
      doc = await this.transport.json<ApiResourceList>({ method: 'GET', path: groupVersionPath(group, version) });
    } catch (err) {
      // A group/version nobody serves is an empty document, not a failure of the lookup.
      if (!isNotFound(err)) throw err;
      doc = {};
    }
    const kinds = new Map<string, ResourceRef>();
    for (const r of doc.resources ?? []) {
      if (r.name.includes('/')) continue; // subresources share the kind of their parent
      kinds.set(r.kind, { group, version, plural: r.name, namespaced: r.namespaced, kind: r.kind });
    }
    this.byGroupVersion.set(apiVersion, kinds);
    return kinds;
  }
}

import type { KubeConfig } from '@kubernetes/client-node';
import { Discovery } from './discovery.js';
import { apiVersionOf, resourcePath } from './paths.js';
import { KubeTransport, type QueryValue, type TransportOptions } from './transport.js';
import { watchResource, type WatchEvent, type WatchOptions } from './watch.js';
import type { KubeList, KubeObject } from '../api/meta.js';
import { isResourceRef, type KubeStatus, type ResourceRef, type ResourceTarget } from './types.js';

export type KubeClientOptions = TransportOptions;

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's default timeout for this call. */
  timeoutMs?: number;
}

export interface GetOptions extends RequestOptions {
  namespace?: string;
}

export interface SelectorOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListOptions extends RequestOptions, SelectorOptions {
  /** Omit for a namespaced resource to list every namespace. */
  namespace?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
}

export interface WriteOptions extends RequestOptions {
  /** Used when the object itself names no namespace. */
  namespace?: string;
  fieldManager?: string;
  dryRun?: boolean;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

/** merge: RFC 7386 · json: RFC 6902 · strategic: built-in kinds only · apply: server-side apply. */
export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export interface PatchOptions extends WriteOptions {
  type: PatchType;
  /** Server-side apply: take over fields another manager owns. */
  force?: boolean;
}

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

export type PatchBody = object | readonly JsonPatchOperation[];

export interface DeleteOptions extends RequestOptions {
  namespace?: string;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  /** The delete fails with 409 Conflict unless the stored object still has this uid / version. */
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteCollectionOptions extends DeleteOptions, SelectorOptions {}

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export const DEFAULT_PAGE_SIZE = 500;

/**
 * Typed access to any resource of a Kubernetes API, real or embedded. One code path serves every
 * kind: a resource is addressed by a ResourceRef, or by apiVersion+kind through discovery.
 */
export class KubeClient {
  readonly transport: KubeTransport;
  private readonly discovery: Discovery;

  constructor(
    readonly kubeConfig: KubeConfig,
    opts: KubeClientOptions = {},
  ) {
    this.transport = new KubeTransport(kubeConfig, opts);
    this.discovery = new Discovery(this.transport);
  }

  /** The ResourceRef for a target; apiVersion+kind are looked up through (cached) discovery. */
  async resolve(target: ResourceTarget): Promise<ResourceRef> {
    return isResourceRef(target) ? target : this.discovery.resolve(target.apiVersion, target.kind);
  }

  /** Drops cached discovery, e.g. after a CRD was deleted or changed its scope. */
  invalidateDiscovery(): void {
    this.discovery.invalidate();
  }

  async get<T extends KubeObject = KubeObject>(target: ResourceTarget, name: string, opts: GetOptions = {}): Promise<T> {
    const ref = await this.resolve(target);
    return this.transport.json<T>({ method: 'GET', path: resourcePath(ref, namespaceFor(ref, opts.namespace), name), ...callOpts(opts) });
  }

  /** One page. Follow `metadata.continue` yourself, or use listAll. */
  async list<T extends KubeObject = KubeObject>(target: ResourceTarget, opts: ListOptions = {}): Promise<KubeList<T>> {
    const ref = await this.resolve(target);
    return this.transport.json<KubeList<T>>({
      method: 'GET',
      path: resourcePath(ref, opts.namespace),
      query: {
        labelSelector: opts.labelSelector || undefined,
        fieldSelector: opts.fieldSelector || undefined,
        limit: opts.limit,
        continue: opts.continue || undefined,
        resourceVersion: opts.resourceVersion,
        resourceVersionMatch: opts.resourceVersionMatch,
      },
      ...callOpts(opts),
    });
  }

  /** Every matching object, fetched a page at a time (default 500) by following `continue`. */
  async *listAll<T extends KubeObject = KubeObject>(target: ResourceTarget, opts: Omit<ListOptions, 'continue'> = {}): AsyncGenerator<T, void, undefined> {
    const ref = await this.resolve(target);
    let token: string | undefined;
    do {
      const page: KubeList<T> = await this.list<T>(ref, { ...opts, limit: opts.limit ?? DEFAULT_PAGE_SIZE, continue: token });
      yield* page.items;
      token = page.metadata?.continue || undefined;
    } while (token);
  }

  async create<T extends KubeObject>(target: ResourceTarget, obj: T, opts: WriteOptions = {}): Promise<T> {
    const ref = await this.resolve(target);
    const ns = namespaceFor(ref, obj.metadata?.namespace ?? opts.namespace);
    return this.transport.json<T>({ method: 'POST', path: resourcePath(ref, ns), query: writeQuery(opts), body: withType(ref, obj), ...callOpts(opts) });
  }

  /** PUT: replaces the object; a stale `metadata.resourceVersion` fails with 409 Conflict. */
  async update<T extends KubeObject>(target: ResourceTarget, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.put(target, obj, opts);
  }

  /** PUT to `/status`: only the status changes, whatever else the object carries. */
  async updateStatus<T extends KubeObject>(target: ResourceTarget, obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.put(target, obj, opts, 'status');
  }

  async patch<T extends KubeObject = KubeObject>(target: ResourceTarget, name: string, patch: PatchBody, opts: PatchOptions): Promise<T> {
    return this.sendPatch<T>(target, name, patch, opts);
  }

  async patchStatus<T extends KubeObject = KubeObject>(target: ResourceTarget, name: string, patch: PatchBody, opts: PatchOptions): Promise<T> {
    return this.sendPatch<T>(target, name, patch, opts, 'status');
  }

  /**
   * Deletes one object. The reply is a `Status` when the object is gone, or the object itself when
   * finalizers keep it (with deletionTimestamp set).
   */
  async delete<T extends KubeObject = KubeObject>(target: ResourceTarget, name: string, opts: DeleteOptions = {}): Promise<T | KubeStatus> {
    const ref = await this.resolve(target);
    return this.transport.json<T | KubeStatus>({
      method: 'DELETE',
      path: resourcePath(ref, namespaceFor(ref, opts.namespace), name),
      body: deleteBody(opts),
      ...callOpts(opts),
    });
  }

  /** Deletes every matching object in one namespace (or cluster-wide for cluster-scoped kinds). */
  async deleteCollection<T extends KubeObject = KubeObject>(target: ResourceTarget, opts: DeleteCollectionOptions = {}): Promise<KubeList<T> | KubeStatus> {
    const ref = await this.resolve(target);
    return this.transport.json<KubeList<T> | KubeStatus>({
      method: 'DELETE',
      path: resourcePath(ref, namespaceFor(ref, opts.namespace)),
      query: { labelSelector: opts.labelSelector || undefined, fieldSelector: opts.fieldSelector || undefined },
      body: deleteBody(opts),
      ...callOpts(opts),
    });
  }

  /** One watch request; see watchResource. Informers re-watch and relist on top of this. */
  async *watch<T extends KubeObject = KubeObject>(target: ResourceTarget, opts: WatchOptions = {}): AsyncGenerator<WatchEvent<T>, void, undefined> {
    const ref = await this.resolve(target);
    yield* watchResource<T>(this.transport, ref, opts);
  }

  /** Closes idle connections so the process can exit; open watches are not affected. */
  close(): void {
    this.transport.close();
  }

  private async put<T extends KubeObject>(target: ResourceTarget, obj: T, opts: WriteOptions, subresource?: string): Promise<T> {
    const ref = await this.resolve(target);
    const ns = namespaceFor(ref, obj.metadata?.namespace ?? opts.namespace);
    return this.transport.json<T>({
      method: 'PUT',
      path: resourcePath(ref, ns, nameOf(obj), subresource),
      query: writeQuery(opts),
      body: withType(ref, obj),
      ...callOpts(opts),
    });
  }

  private async sendPatch<T extends KubeObject>(target: ResourceTarget, name: string, patch: PatchBody, opts: PatchOptions, subresource?: string): Promise<T> {
    const ref = await this.resolve(target);
    if (opts.type === 'apply' && !opts.fieldManager) throw new Error('server-side apply needs a fieldManager');
    // An apply body is a full intent: the server needs its apiVersion and kind.
    const body = opts.type === 'apply' && !Array.isArray(patch) ? withType(ref, patch as KubeObject) : patch;
    return this.transport.json<T>({
      method: 'PATCH',
      path: resourcePath(ref, namespaceFor(ref, opts.namespace), name, subresource),
      query: { ...writeQuery(opts), force: opts.type === 'apply' && opts.force !== undefined ? opts.force : undefined },
      body,
      contentType: PATCH_CONTENT_TYPES[opts.type],
      ...callOpts(opts),
    });
  }
}

function callOpts(opts: RequestOptions): RequestOptions {
  return { signal: opts.signal, timeoutMs: opts.timeoutMs };
}

function namespaceFor(ref: ResourceRef, namespace: string | undefined): string | undefined {
  if (!ref.namespaced) return undefined;
  if (!namespace) throw new Error(`${ref.plural}${ref.group ? `.${ref.group}` : ''} is namespaced: a namespace is required`);
  return namespace;
}

function nameOf(obj: KubeObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('the object has no metadata.name');
  return name;
}

function writeQuery(opts: WriteOptions): Record<string, QueryValue> {
  return { fieldManager: opts.fieldManager, dryRun: opts.dryRun ? 'All' : undefined, fieldValidation: opts.fieldValidation };
}

function deleteBody(opts: DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
  if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
  if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
  if (opts.preconditions) body.preconditions = opts.preconditions;
  if (opts.dryRun) body.dryRun = ['All'];
  return body;
}

/** Servers reject bodies without apiVersion/kind; callers should not have to repeat them. */
function withType<T extends KubeObject>(ref: ResourceRef, obj: T): T {
  if (obj.apiVersion && obj.kind) return obj;
  const kind = obj.kind ?? ref.kind;
  return { ...obj, apiVersion: obj.apiVersion ?? apiVersionOf(ref), ...(kind ? { kind } : {}) };
}

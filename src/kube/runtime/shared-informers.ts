import type { Logger } from 'pino';
import type { KubeClient } from '../client.js';
import type { Clock } from '../clock.js';
import { Informer } from '../informer.js';
import { apiVersionOf, groupVersionPath } from '../paths.js';
import type { KubeObject } from '../../api/meta.js';
import { isResourceRef, keyOf, type ResourceRef, type ResourceTarget } from '../types.js';
import type { CacheReader } from './contract.js';

/** An informer shared by every controller that watches the same resource in the same namespace. */
export interface SharedInformer {
  ref: ResourceRef;
  /** Undefined: every namespace (or a cluster-scoped resource). */
  namespace: string | undefined;
  informer: Informer;
}

/**
 * One informer per distinct (resource, namespace). Targets may be named by apiVersion+kind or by
 * ResourceRef; both resolve to the same informer. Reads go through the CacheReader contract.
 */
export class SharedInformers implements CacheReader {
  private readonly byKey = new Map<string, SharedInformer>();
  /** `apiVersion|kind` → canonical resource key, so TypeRef reads find ResourceRef informers. */
  private readonly byType = new Map<string, string>();
  private started = false;

  constructor(
    private readonly client: KubeClient,
    private readonly opts: { clock?: Clock; log?: Logger; resyncIntervalMs?: number } = {},
  ) {}

  /** The resolved ref (with its kind filled in) for a target. */
  async resolve(target: ResourceTarget): Promise<ResourceRef> {
    const ref = await this.client.resolve(target);
    if (ref.kind) return ref;
    return { ...ref, kind: await this.lookUpKind(ref) };
  }

  /** The shared informer for (target, namespace), created on first use. Handlers see the initial list as adds. */
  async informerFor(target: ResourceTarget, namespace: string | undefined): Promise<SharedInformer> {
    const ref = await this.resolve(target);
    const ns = ref.namespaced ? namespace || undefined : undefined;
    const key = informerKey(ref, ns);
    let shared = this.byKey.get(key);
    if (!shared) {
      const informer = new Informer(this.client, ref, {
        namespace: ns,
        clock: this.opts.clock,
        resyncIntervalMs: this.opts.resyncIntervalMs,
        log: this.opts.log?.child({ resource: resourceName(ref), ...(ns ? { watchNamespace: ns } : {}) }),
      });
      shared = { ref, namespace: ns, informer };
      this.byKey.set(key, shared);
      this.byType.set(typeKey(apiVersionOf(ref), ref.kind ?? ''), resourceKey(ref));
      if (this.started) informer.start();
    }
    return shared;
  }

  /** Starts every informer (and any created later) and resolves once all have synced. */
  async start(): Promise<void> {
    this.started = true;
    const all = [...this.byKey.values()];
    for (const s of all) s.informer.start();
    await Promise.all(all.map((s) => s.informer.synced()));
  }

  get hasSynced(): boolean {
    return [...this.byKey.values()].every((s) => s.informer.hasSynced);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.byKey.values()].map((s) => s.informer.stop()));
  }

  get<T extends KubeObject>(target: ResourceTarget, namespace: string, name: string): T | undefined {
    const candidates = this.informersOf(target);
    const ns = candidates[0].ref.namespaced ? namespace : undefined;
    const exact = candidates.find((s) => s.namespace === ns) ?? candidates.find((s) => s.namespace === undefined);
    if (!exact) return undefined;
    return exact.informer.get(ns, name) as T | undefined;
  }

  list<T extends KubeObject>(target: ResourceTarget, namespace?: string): T[] {
    const candidates = this.informersOf(target);
    const ns = candidates[0].ref.namespaced ? namespace || undefined : undefined;
    const exact = candidates.find((s) => s.namespace === ns);
    if (exact) return exact.informer.list() as T[];
    const everywhere = candidates.find((s) => s.namespace === undefined);
    if (everywhere) return everywhere.informer.list().filter((o) => ns === undefined || o.metadata?.namespace === ns) as T[];
    // Only per-namespace informers: the union of those that can hold matching objects.
    const merged = new Map<string, KubeObject>();
    for (const s of candidates) {
      if (ns !== undefined && s.namespace !== ns) continue;
      for (const o of s.informer.list()) merged.set(keyOf(o), o);
    }
    return [...merged.values()] as T[];
  }

  private informersOf(target: ResourceTarget): SharedInformer[] {
    const rk = isResourceRef(target) ? resourceKey(target) : this.byType.get(typeKey(target.apiVersion, target.kind));
    const found = rk ? [...this.byKey.values()].filter((s) => resourceKey(s.ref) === rk) : [];
    if (found.length === 0) {
      const name = isResourceRef(target) ? resourceName(target) : `${target.kind}.${target.apiVersion}`;
      throw new Error(`${name} is not cached by this manager: add it to a controller's for, owns or watches`);
    }
    return found;
  }

  /** A ResourceRef written by hand may omit its kind; discovery knows it. */
  private async lookUpKind(ref: ResourceRef): Promise<string> {
    const doc = await this.client.transport.json<{ resources?: { name: string; kind: string }[] }>({
      method: 'GET',
      path: groupVersionPath(ref.group, ref.version),
    });
    const kind = doc.resources?.find((r) => r.name === ref.plural)?.kind;
    if (!kind) throw new Error(`discovery does not serve ${resourceName(ref)}`);
    return kind;
  }
}

export function resourceName(ref: ResourceRef): string {
  return `${ref.plural}${ref.group ? `.${ref.group}` : ''}`;
}

function resourceKey(ref: ResourceRef): string {
  return `${ref.group}/${ref.version}/${ref.plural}`;
}

function informerKey(ref: ResourceRef, namespace: string | undefined): string {
  return `${resourceKey(ref)}@${namespace ?? '*'}`;
}

function typeKey(apiVersion: string, kind: string): string {
  return `${apiVersion}|${kind}`;
}

import { randomUUID } from 'node:crypto';
import { metaTime, type ApiObject } from '../../api/meta.js';
import { cloneJson, jsonEqual } from '../../util/json.js';
import { ApiError, alreadyExists, badRequest, invalid, notFound, type FieldError } from '../errors.js';
import { groupResource, type ResourceType } from '../registry/resource-type.js';
import type { Change, ObjectKey } from '../storage/sqlite-store.js';
import { admitSchema, checkBody, decodeBody } from './admission.js';
import type { HubContext } from './context.js';
import { markCrdTerminating, rejectCreateWhileCrdTerminating } from './crd-terminating.js';
import { finalizersOnDelete, noNewFinalizersWhileDeleting } from './finalizers.js';
import { strategyFor, type KindStrategy } from './kind-strategies.js';
import { recordManager, withoutManagedFields } from './managed-fields.js';
import { admitIntoNamespace, beginNamespaceDeletion, namespaceFinalizersPending } from './namespace-lifecycle.js';
import { generateNameFrom, specChanged } from './object-meta.js';
import { validateCreate, validateUpdate } from '../validation/index.js';
import { applyPatch, type PatchType } from './patching.js';
import { checkDeletePreconditions, checkUpdatePreconditions } from './preconditions.js';
import { present, toStorage } from './presenter.js';
import { admitCreate } from '../admission/index.js';
import { boundPod, readBinding } from './pod-binding.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  force?: boolean;
}

export interface WriteResult {
  object: ApiObject;
  warnings: string[];
  /** HTTP status to answer with: 201 for a create (also an apply that created). */
  created: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteResult {
  /** The object as it is now: still present (finalizers pending) or as it was when removed. */
  object: ApiObject;
  /** True when the object is gone from storage. */
  removed: boolean;
}

export type Subresource = 'status' | 'finalize' | undefined;

const GENERATE_NAME_ATTEMPTS = 8;

/** Rolls a dry-run write back while handing its result out of the transaction. */
class DryRunResult {
  constructor(readonly value: unknown) {}
}

/**
 * The generic registry store: the REST semantics of every resource (create, update, patch,
 * delete, status, finalizers, generation, preconditions), independent of HTTP. The HTTP layer and
 * the hub's own controllers both write through it, so the rules hold for every writer.
 */
export class RestStore {
  constructor(private readonly ctx: HubContext) {}

  private key(rt: ResourceType, namespace: string, name: string): ObjectKey {
    return { storageKey: rt.storageKey, namespace: rt.namespaced ? namespace : '', name };
  }

  get(rt: ResourceType, version: string, namespace: string, name: string): ApiObject {
    const stored = this.ctx.store.get(this.key(rt, namespace, name));
    if (!stored) throw notFound(groupResource(rt), name);
    return present(rt, version, stored);
  }

  tryGet(rt: ResourceType, namespace: string, name: string): ApiObject | undefined {
    return this.ctx.store.get(this.key(rt, namespace, name));
  }

  // ------------------------------------------------------------------------------------------
  // create

  create(rt: ResourceType, version: string, namespace: string, body: unknown, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.write(opts, () => this.createNow(rt, version, namespace, body, opts));
  }

  private createNow(rt: ResourceType, version: string, namespace: string, body: unknown, opts: WriteOptions): WriteResult {
    const now = this.ctx.clock.now();
    const warnings = decodeBody(rt, version, body, opts);
    const obj = checkBody(rt, version, body);
    const meta = obj.metadata;
    if (rt.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace;
      admitIntoNamespace(this.ctx.store, rt, namespace, meta.name ?? meta.generateName ?? '');
    } else {
      delete meta.namespace;
    }
    if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    rejectCreateWhileCrdTerminating(this.ctx.store, rt);
    const strategy = this.strategy(rt);
    const generated = !meta.name && typeof meta.generateName === 'string' && meta.generateName !== '';
    if (!meta.name && !generated) {
      throw invalid(rt.kind, rt.group, '', [{ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' }]);
    }
    if (generated) meta.name = generateNameFrom(meta.generateName as string);
    meta.uid = randomUUID();
    meta.creationTimestamp = metaTime(now);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (rt.usesGeneration) meta.generation = 1;
    else delete meta.generation;
    if (rt.statusSubresource && rt.crdName) delete obj.status;
    warnings.push(...admitSchema(rt, version, obj, opts));
    admitCreate(this.ctx, rt, obj);
    const errs: FieldError[] = [...(strategy.prepareCreate?.(obj, now) ?? []), ...validateCreate(rt, obj)];
    if (errs.length > 0) throw invalid(rt.kind, rt.group, meta.name ?? '', errs);
    const allocationErrs = strategy.allocate?.(obj, undefined, () => this.ctx.store.scan(rt.storageKey, undefined)) ?? [];
    if (allocationErrs.length > 0) throw invalid(rt.kind, rt.group, meta.name ?? '', allocationErrs);
    recordManager(obj, opts.fieldManager, 'Update', version, now);
    for (let attempt = 0; ; attempt++) {
      const key = this.key(rt, namespace, meta.name as string);
      if (!this.ctx.store.get(key)) {
        const stored = toStorage(rt, obj);
        this.ctx.store.put(key, stored, 'ADDED', undefined, now);
        return { object: present(rt, version, cloneJson(stored)), warnings, created: true };
      }
      if (!generated) throw alreadyExists(groupResource(rt), meta.name as string);
      if (attempt + 1 >= GENERATE_NAME_ATTEMPTS) {
        throw new ApiError(
          409,
          'AlreadyExists',
          `${alreadyExists(groupResource(rt), meta.name as string).message}, the server was not able to generate a unique name for the object`,
          {
            name: meta.name,
            group: rt.group,
            kind: rt.plural,
          },
        );
      }
      meta.name = generateNameFrom(meta.generateName as string);
    }
  }

  // ------------------------------------------------------------------------------------------
  // update (PUT), on the main resource or a subresource

  update(rt: ResourceType, version: string, namespace: string, name: string, body: unknown, sub: Subresource, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.write(opts, () => {
      const warnings = decodeBody(rt, version, body, opts);
      const obj = checkBody(rt, version, body);
      return this.updateNow(rt, version, namespace, name, obj, sub, opts, warnings);
    });
  }

  private updateNow(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    obj: ApiObject,
    sub: Subresource,
    opts: WriteOptions,
    decodeWarnings: string[] = [],
    current?: ApiObject,
  ): WriteResult {
    const now = this.ctx.clock.now();
    const key = this.key(rt, namespace, name);
    // `current`: the stored object as presented, read by the caller in this same write (a patch),
    // so it need not be read, parsed and copied again.
    const old = current ?? this.readPresented(rt, version, key, name);
    const meta = obj.metadata;
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    if (rt.namespaced && meta.namespace && meta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const strategy = this.strategy(rt);
    checkUpdatePreconditions(rt, name, meta, old, Boolean(strategy.allowUnconditionalUpdate) || sub !== undefined);
    const warnings = [...decodeWarnings];
    let next: ApiObject;
    if (sub === 'status') {
      // Only status changes through /status; everything else in the body is ignored.
      next = cloneJson(old);
      if (obj.status === undefined) delete next.status;
      else next.status = obj.status;
      warnings.push(...admitSchema(rt, version, next, opts));
    } else if (sub === 'finalize') {
      next = cloneJson(old);
      const finalizers = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
      next.spec = { ...((old.spec as object) ?? {}), finalizers };
    } else {
      next = obj;
      next.metadata = {
        ...meta,
        name,
        uid: old.metadata.uid,
        creationTimestamp: old.metadata.creationTimestamp,
        deletionTimestamp: old.metadata.deletionTimestamp,
        deletionGracePeriodSeconds: old.metadata.deletionGracePeriodSeconds,
        generation: old.metadata.generation,
        managedFields: meta.managedFields ?? old.metadata.managedFields,
      };
      if (rt.namespaced) next.metadata.namespace = namespace;
      else delete next.metadata.namespace;
      for (const k of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields'] as const) {
        if (next.metadata[k] === undefined) delete next.metadata[k];
      }
      if (rt.statusSubresource) {
        if (old.status === undefined) delete next.status;
        else next.status = old.status;
      }
      warnings.push(...admitSchema(rt, version, next, opts));
      const errs: FieldError[] = [
        ...noNewFinalizersWhileDeleting(old, next),
        ...(strategy.prepareUpdate?.(next, old, now) ?? []),
        ...validateUpdate(rt, next, old),
      ];
      if (errs.length > 0) throw invalid(rt.kind, rt.group, name, errs);
      const store = this.ctx.store;
      // Lazy: only a strategy that needs the other objects reads them.
      const others = function* (): Iterable<ApiObject> {
        for (const o of store.scan(rt.storageKey, undefined)) if (o.metadata.uid !== old.metadata.uid) yield o;
      };
      const allocationErrs = strategy.allocate?.(next, old, others) ?? [];
      if (allocationErrs.length > 0) throw invalid(rt.kind, rt.group, name, allocationErrs);
    }
    return this.commitUpdate(rt, version, key, old, next, opts, now, warnings);
  }

  private readPresented(rt: ResourceType, version: string, key: ObjectKey, name: string): ApiObject {
    const stored = this.ctx.store.get(key);
    if (!stored) throw notFound(groupResource(rt), name);
    return present(rt, version, stored);
  }

  /** POST pods/{name}/binding: the one way a pod's node is set after creation. */
  bind(rt: ResourceType, version: string, namespace: string, name: string, body: unknown): Promise<void> {
    return this.write({}, () => {
      const binding = readBinding(body, name);
      const now = this.ctx.clock.now();
      const key = this.key(rt, namespace, name);
      const old = this.readPresented(rt, version, key, name);
      this.commitUpdate(rt, version, key, old, boundPod(cloneJson(old), binding, now), {}, now, []);
    });
  }

  /** Writes `next` unless nothing changed; bumps generation; finishes a deletion without finalizers. */
  private commitUpdate(
    rt: ResourceType,
    version: string,
    key: ObjectKey,
    old: ApiObject,
    next: ApiObject,
    opts: WriteOptions,
    now: number,
    warnings: string[],
  ): WriteResult {
    if (rt.usesGeneration && specChanged(old, next, rt.statusSubresource)) {
      next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (jsonEqual(withoutManagedFields(old), withoutManagedFields(next))) {
      // Upstream answers a no-op update with the unchanged object and does not bump its version,
      // which keeps controllers that write the same status again from waking each other up.
      return { object: old, warnings, created: false };
    }
    recordManager(next, opts.fieldManager, 'Update', version, now);
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && !namespaceFinalizersPending(rt, next)) {
      const stored = toStorage(rt, cloneJson(next));
      const change = this.ctx.store.remove(key, stored, now);
      return { object: present(rt, version, cloneJson(change.object)), warnings, created: false };
    }
    const stored = toStorage(rt, next);
    this.ctx.store.put(key, stored, 'MODIFIED', toStorage(rt, cloneJson(old)), now);
    return { object: present(rt, version, cloneJson(stored)), warnings, created: false };
  }

  // ------------------------------------------------------------------------------------------
  // patch

  patch(
    rt: ResourceType,
    version: string,
    namespace: string,
    name: string,
    patchType: PatchType,
    patchBody: unknown,
    sub: Subresource,
    opts: WriteOptions = {},
  ): Promise<WriteResult> {
    return this.write(opts, () => {
      const stored = this.ctx.store.get(this.key(rt, namespace, name));
      if (!stored) {
        if (patchType !== 'apply' || sub !== undefined) throw notFound(groupResource(rt), name);
        // Server-side apply is an upsert.
        const body = cloneJson(patchBody) as ApiObject;
        if (body && typeof body === 'object' && body.metadata && typeof body.metadata === 'object') body.metadata.name ??= name;
        const result = this.createNow(rt, version, namespace, body, { ...opts, fieldManager: opts.fieldManager });
        recordManager(result.object, opts.fieldManager, 'Apply', version, this.ctx.clock.now());
        return result;
      }
      const current = present(rt, version, stored);
      const patched = applyPatch(rt, current, patchType, patchBody) as ApiObject;
      const warnings = decodeBody(rt, version, patched, opts, { from: 'patch', patchType, patch: patchBody });
      const obj = checkBody(rt, version, patched);
      if (patchType === 'apply' && obj.metadata.resourceVersion === undefined) obj.metadata.resourceVersion = current.metadata.resourceVersion;
      // The patch functions build a new object and leave `current` as read: it is the update's old object.
      return this.updateNow(rt, version, namespace, name, obj, sub, opts, warnings, current);
    });
  }

  // ------------------------------------------------------------------------------------------
  // delete

  delete(rt: ResourceType, version: string, namespace: string, name: string, delOpts: DeleteOptions = {}): Promise<DeleteResult> {
    return this.write({ dryRun: delOpts.dryRun }, () => this.deleteNow(rt, version, namespace, name, delOpts));
  }

  private deleteNow(rt: ResourceType, version: string, namespace: string, name: string, delOpts: DeleteOptions): DeleteResult {
    const now = this.ctx.clock.now();
    const key = this.key(rt, namespace, name);
    const stored = this.ctx.store.get(key);
    if (!stored) throw notFound(groupResource(rt), name);
    const current = present(rt, version, cloneJson(stored));
    checkDeletePreconditions(rt, name, delOpts.preconditions, current);
    const next = cloneJson(current);
    beginNamespaceDeletion(rt, name, next);
    markCrdTerminating(rt, next, now);
    const finalizers = finalizersOnDelete(current, delOpts);
    const pending = finalizers.size > 0 || namespaceFinalizersPending(rt, next);
    if (!pending) {
      const change = this.ctx.store.remove(key, toStorage(rt, cloneJson(stored)), now);
      return { object: present(rt, version, cloneJson(change.object)), removed: true };
    }
    if (!next.metadata.deletionTimestamp) {
      next.metadata.deletionTimestamp = metaTime(now);
      next.metadata.deletionGracePeriodSeconds = 0;
      if (rt.usesGeneration) next.metadata.generation = (next.metadata.generation ?? 0) + 1;
    }
    next.metadata.finalizers = [...finalizers];
    if (jsonEqual(current, next)) return { object: current, removed: false };
    const storedNext = toStorage(rt, next);
    this.ctx.store.put(key, storedNext, 'MODIFIED', toStorage(rt, cloneJson(current)), now);
    return { object: present(rt, version, cloneJson(storedNext)), removed: false };
  }

  // ------------------------------------------------------------------------------------------
  // shared pieces

  private strategy(rt: ResourceType): KindStrategy {
    return strategyFor(rt.group, rt.kind, rt.crdName !== undefined);
  }

  /** Runs a write in the group committer; a dry run is rolled back and its result returned. */
  private async write<T>(opts: WriteOptions, fn: () => T): Promise<T> {
    if (!opts.dryRun) return this.ctx.committer.submit(fn);
    try {
      await this.ctx.committer.submit(() => {
        throw new DryRunResult(fn());
      });
    } catch (err) {
      if (err instanceof DryRunResult) return err.value as T;
      throw err;
    }
    throw new Error('unreachable: dry run did not roll back');
  }

  // ------------------------------------------------------------------------------------------
  // used by the hub's own controllers

  /**
   * A read-modify-write of one object through the update path, in one transaction: `change` gets
   * a copy of the object as its first version presents it and returns the body to write (to `sub`),
   * or undefined to leave the object alone. Nothing happens when the object or its type is gone.
   */
  async updateByKey(key: ObjectKey, sub: Subresource, change: (current: ApiObject) => ApiObject | undefined): Promise<void> {
    await this.write({}, () => {
      const stored = this.ctx.store.get(key);
      const rt = this.ctx.registry.byStorageKey(key.storageKey);
      if (!stored || !rt) return;
      const version = rt.versions[0].name;
      const body = change(present(rt, version, cloneJson(stored)));
      if (body) this.updateNow(rt, version, key.namespace, key.name, body, sub, {});
    });
  }

  /** Deletes by storage key, for controllers that found the object through an index. */
  async deleteByKey(key: ObjectKey, opts: DeleteOptions = {}): Promise<void> {
    const rt = this.ctx.registry.byStorageKey(key.storageKey);
    if (!rt) return;
    try {
      await this.delete(rt, rt.versions[0].name, key.namespace, key.name, opts);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) return;
      throw err;
    }
  }
}

export type { Change };

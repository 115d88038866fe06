import { randomUUID } from 'node:crypto';
import { ApiError, STALE_OBJECT, alreadyExists, badRequest, conflict, forbidden, invalid, notFound, type FieldError } from '../errors.js';
import { findVersion, groupResource, groupVersion, type ResourceType } from '../registry/resource-type.js';
import type { Change, KubeObject, ObjectKey } from '../storage/sqlite-store.js';
import { applyDefaults, pruneUnknownFields, validateAgainstSchema } from '../schema/index.js';
import { applyPatch, type PatchType } from './patching.js';
import { clone, deepEqual, generateNameFrom, specChanged, validateObjectMeta } from './object-meta.js';
import { strategyFor, type KindStrategy } from './kind-strategies.js';
import { present, toStorage } from './presenter.js';
import { rfc3339, type HubContext } from './context.js';
import { CRD_CLEANUP_FINALIZER, markCrdTerminating } from './crd-strategy.js';
import { admitCreate } from '../admission/index.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  force?: boolean;
}

export interface WriteResult {
  object: KubeObject;
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
  object: KubeObject;
  /** True when the object is gone from storage. */
  removed: boolean;
}

export type Subresource = 'status' | 'finalize' | undefined;

const PROTECTED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
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

  get(rt: ResourceType, version: string, namespace: string, name: string): KubeObject {
    const stored = this.ctx.store.get(this.key(rt, namespace, name));
    if (!stored) throw notFound(groupResource(rt), name);
    return present(rt, version, stored);
  }

  tryGet(rt: ResourceType, namespace: string, name: string): KubeObject | undefined {
    return this.ctx.store.get(this.key(rt, namespace, name));
  }

  // ------------------------------------------------------------------------------------------
  // create

  create(rt: ResourceType, version: string, namespace: string, body: unknown, opts: WriteOptions = {}): Promise<WriteResult> {
    return this.write(opts, () => this.createNow(rt, version, namespace, body, opts));
  }

  private createNow(rt: ResourceType, version: string, namespace: string, body: unknown, opts: WriteOptions): WriteResult {
    const now = this.ctx.clock.now();
    const obj = this.checkBody(rt, version, body);
    const warnings: string[] = [];
    const meta = obj.metadata;
    if (rt.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = namespace;
      this.admitNamespace(rt, namespace, meta.name ?? meta.generateName ?? '');
    } else {
      delete meta.namespace;
    }
    if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    this.blockCreateWhileCrdTerminating(rt);
    const strategy = this.strategy(rt);
    const generated = !meta.name && typeof meta.generateName === 'string' && meta.generateName !== '';
    if (!meta.name && !generated) {
      throw invalid(rt.kind, rt.group, '', [{ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' }]);
    }
    if (generated) meta.name = generateNameFrom(meta.generateName as string);
    meta.uid = randomUUID();
    meta.creationTimestamp = rfc3339(now);
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (rt.usesGeneration) meta.generation = 1;
    else delete meta.generation;
    if (rt.statusSubresource && rt.crdName) delete obj.status;
    warnings.push(...this.admitSchema(rt, version, obj, opts));
    admitCreate(this.ctx, rt, obj);
    const errs: FieldError[] = [
      ...validateObjectMeta(meta, { namespaced: rt.namespaced, nameRule: strategy.nameRule ?? 'subdomain' }),
      ...(strategy.prepareCreate?.(obj, now) ?? []),
    ];
    if (errs.length > 0) throw invalid(rt.kind, rt.group, meta.name ?? '', errs);
    this.recordManager(obj, opts.fieldManager, 'Update', version, now);
    for (let attempt = 0; ; attempt++) {
      const key = this.key(rt, namespace, meta.name as string);
      if (!this.ctx.store.get(key)) {
        const stored = toStorage(rt, obj);
        this.ctx.store.put(key, stored, 'ADDED', undefined, now);
        return { object: present(rt, version, clone(stored)), warnings, created: true };
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
      const obj = this.checkBody(rt, version, body);
      return this.updateNow(rt, version, namespace, name, obj, sub, opts);
    });
  }

  private updateNow(rt: ResourceType, version: string, namespace: string, name: string, obj: KubeObject, sub: Subresource, opts: WriteOptions): WriteResult {
    const now = this.ctx.clock.now();
    const key = this.key(rt, namespace, name);
    const storedOld = this.ctx.store.get(key);
    if (!storedOld) throw notFound(groupResource(rt), name);
    const old = present(rt, version, clone(storedOld));
    const meta = obj.metadata;
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    if (rt.namespaced && meta.namespace && meta.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    const strategy = this.strategy(rt);
    if (meta.resourceVersion) {
      if (meta.resourceVersion !== old.metadata.resourceVersion) throw conflict(groupResource(rt), name, STALE_OBJECT);
    } else if (!strategy.allowUnconditionalUpdate && sub === undefined) {
      throw invalid(rt.kind, rt.group, name, [{ type: 'Invalid', field: 'metadata.resourceVersion', value: 0, detail: 'must be specified for an update' }]);
    }
    if (meta.uid && meta.uid !== old.metadata.uid) {
      throw conflict(groupResource(rt), name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    const warnings: string[] = [];
    let next: KubeObject;
    if (sub === 'status') {
      // Only status changes through /status; everything else in the body is ignored.
      next = clone(old);
      if (obj.status === undefined) delete next.status;
      else next.status = obj.status;
      warnings.push(...this.admitSchema(rt, version, next, opts));
    } else if (sub === 'finalize') {
      next = clone(old);
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
      warnings.push(...this.admitSchema(rt, version, next, opts));
      const errs: FieldError[] = [
        ...validateObjectMeta(next.metadata, { namespaced: rt.namespaced, nameRule: strategy.nameRule ?? 'subdomain' }),
        ...this.finalizerRules(old, next),
        ...(strategy.prepareUpdate?.(next, old, now) ?? []),
      ];
      if (errs.length > 0) throw invalid(rt.kind, rt.group, name, errs);
    }
    return this.commitUpdate(rt, version, key, old, next, opts, now, warnings);
  }

  /** Writes `next` unless nothing changed; bumps generation; finishes a deletion without finalizers. */
  private commitUpdate(
    rt: ResourceType,
    version: string,
    key: ObjectKey,
    old: KubeObject,
    next: KubeObject,
    opts: WriteOptions,
    now: number,
    warnings: string[],
  ): WriteResult {
    if (rt.usesGeneration && specChanged(old, next, rt.statusSubresource)) {
      next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (deepEqual(withoutManagedFields(old), withoutManagedFields(next))) {
      // Upstream answers a no-op update with the unchanged object and does not bump its version,
      // which keeps controllers that write the same status again from waking each other up.
      return { object: old, warnings, created: false };
    }
    this.recordManager(next, opts.fieldManager, 'Update', version, now);
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && !this.namespaceFinalizersPending(rt, next)) {
      const stored = toStorage(rt, clone(next));
      const change = this.ctx.store.remove(key, stored, now);
      return { object: present(rt, version, clone(change.object)), warnings, created: false };
    }
    const stored = toStorage(rt, next);
    this.ctx.store.put(key, stored, 'MODIFIED', toStorage(rt, clone(old)), now);
    return { object: present(rt, version, clone(stored)), warnings, created: false };
  }

  private namespaceFinalizersPending(rt: ResourceType, obj: KubeObject): boolean {
    if (rt.group !== '' || rt.plural !== 'namespaces') return false;
    return ((obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).length > 0;
  }

  private finalizerRules(old: KubeObject, next: KubeObject): FieldError[] {
    if (!old.metadata.deletionTimestamp) return [];
    const before = new Set(old.metadata.finalizers ?? []);
    const added = (next.metadata.finalizers ?? []).filter((f) => !before.has(f));
    if (added.length === 0) return [];
    return [{ type: 'Forbidden', field: 'metadata.finalizers', detail: 'no new finalizers can be added if the object is being deleted' }];
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
        const body = clone(patchBody) as KubeObject;
        if (body && typeof body === 'object' && body.metadata && typeof body.metadata === 'object') body.metadata.name ??= name;
        const result = this.createNow(rt, version, namespace, body, { ...opts, fieldManager: opts.fieldManager });
        this.recordManager(result.object, opts.fieldManager, 'Apply', version, this.ctx.clock.now());
        return result;
      }
      const current = present(rt, version, stored);
      const patched = applyPatch(rt, current, patchType, patchBody) as KubeObject;
      const obj = this.checkBody(rt, version, patched);
      if (patchType === 'apply' && obj.metadata.resourceVersion === undefined) obj.metadata.resourceVersion = current.metadata.resourceVersion;
      return this.updateNow(rt, version, namespace, name, obj, sub, opts);
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
    const current = present(rt, version, clone(stored));
    const pre = delOpts.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw conflict(groupResource(rt), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(
        groupResource(rt),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`,
      );
    }
    const isNamespace = rt.group === '' && rt.plural === 'namespaces';
    if (isNamespace && PROTECTED_NAMESPACES.has(name)) {
      throw forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, group: '', kind: 'namespaces' });
    }
    const next = clone(current);
    const finalizers = new Set(next.metadata.finalizers ?? []);
    const policy = this.propagationPolicy(delOpts, finalizers);
    if (!current.metadata.deletionTimestamp) {
      if (policy === 'Orphan') finalizers.add('orphan');
      if (policy === 'Foreground') finalizers.add('foregroundDeletion');
    }
    if (isNamespace) {
      next.status = { ...((next.status as object) ?? {}), phase: 'Terminating' };
    }
    if (rt.crdName === undefined && rt.group === 'apiextensions.k8s.io') markCrdTerminating(next, now);
    const pending = finalizers.size > 0 || this.namespaceFinalizersPending(rt, next);
    if (!pending) {
      const change = this.ctx.store.remove(key, toStorage(rt, clone(stored)), now);
      return { object: present(rt, version, clone(change.object)), removed: true };
    }
    if (!next.metadata.deletionTimestamp) {
      next.metadata.deletionTimestamp = rfc3339(now);
      next.metadata.deletionGracePeriodSeconds = 0;
      if (rt.usesGeneration) next.metadata.generation = (next.metadata.generation ?? 0) + 1;
    }
    next.metadata.finalizers = [...finalizers];
    if (deepEqual(current, next)) return { object: current, removed: false };
    const storedNext = toStorage(rt, next);
    this.ctx.store.put(key, storedNext, 'MODIFIED', toStorage(rt, clone(current)), now);
    return { object: present(rt, version, clone(storedNext)), removed: false };
  }

  private propagationPolicy(opts: DeleteOptions, finalizers: Set<string>): 'Background' | 'Foreground' | 'Orphan' {
    if (opts.propagationPolicy) return opts.propagationPolicy;
    if (opts.orphanDependents === true) return 'Orphan';
    if (opts.orphanDependents === false) return 'Foreground';
    if (finalizers.has('orphan')) return 'Orphan';
    if (finalizers.has('foregroundDeletion')) return 'Foreground';
    return 'Background';
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

  /** The body must be an object of this kind and version, with a metadata object. */
  private checkBody(rt: ResourceType, version: string, body: unknown): KubeObject {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw badRequest(`the body of the request must be a ${rt.kind} object`);
    }
    const obj = body as KubeObject;
    const gv = groupVersion(rt.group, version);
    const viewGv = rt.view ? gv : undefined;
    if (obj.apiVersion !== undefined && obj.apiVersion !== gv && obj.apiVersion !== viewGv) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${gv})`);
    }
    if (obj.kind !== undefined && obj.kind !== rt.kind) {
      throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${rt.kind})`);
    }
    obj.apiVersion = gv;
    obj.kind = rt.kind;
    if (obj.metadata === undefined) obj.metadata = {};
    if (obj.metadata === null || typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) {
      throw badRequest(`${rt.kind} in version "${version}" cannot be handled as a ${rt.kind}: metadata must be an object`);
    }
    return obj;
  }

  /** Namespaced objects need a live namespace: 404 when missing, 403 while it terminates. */
  private admitNamespace(rt: ResourceType, namespace: string, name: string): void {
    const ns = this.ctx.store.get({ storageKey: '/namespaces', namespace: '', name: namespace });
    if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(
        `${rt.plural}${rt.group ? '.' + rt.group : ''} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name,
          group: rt.group,
          kind: rt.plural,
          causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
        },
      );
    }
  }

  private blockCreateWhileCrdTerminating(rt: ResourceType): void {
    if (!rt.crdName) return;
    const crd = this.ctx.store.get({ storageKey: 'apiextensions.k8s.io/customresourcedefinitions', namespace: '', name: rt.crdName });
    if (crd?.metadata.deletionTimestamp) {
      throw new ApiError(405, 'MethodNotAllowed', `create not allowed while custom resource definition is terminating`);
    }
  }

  /** Prune, default and validate a custom resource against its version's schema. */
  private admitSchema(rt: ResourceType, version: string, obj: KubeObject, opts: WriteOptions): string[] {
    const schema = findVersion(rt, version)?.schema;
    if (!rt.crdName || !schema) return [];
    const warnings: string[] = [];
    const unknown = pruneUnknownFields(obj, schema);
    if (unknown.length > 0) {
      const texts = unknown.map((f) => `unknown field "${f}"`);
      if (opts.fieldValidation === 'Strict') {
        throw badRequest(`${rt.kind} in version "${version}" cannot be handled as a ${rt.kind}: strict decoding error: ${texts.join(', ')}`);
      }
      if (opts.fieldValidation === 'Warn') warnings.push(...texts);
    }
    applyDefaults(obj, schema);
    const errs = validateAgainstSchema(obj, schema);
    if (errs.length > 0) throw invalid(rt.kind, rt.group, obj.metadata.name ?? '', errs);
    return warnings;
  }

  /** One managedFields entry per manager and operation, updated on each write. */
  private recordManager(obj: KubeObject, manager: string | undefined, operation: 'Update' | 'Apply', version: string, now: number): void {
    if (!manager) return;
    const entries = ((obj.metadata.managedFields ?? []) as Record<string, unknown>[]).filter((e) => !(e.manager === manager && e.operation === operation));
    entries.push({ manager, operation, apiVersion: obj.apiVersion ?? version, time: rfc3339(now), fieldsType: 'FieldsV1', fieldsV1: {} });
    obj.metadata.managedFields = entries;
  }

  // ------------------------------------------------------------------------------------------
  // used by the hub's own controllers

  /** Removes a finalizer (namespace controller, GC, CRD cleanup) through the normal update path. */
  async removeFinalizer(rt: ResourceType, namespace: string, name: string, finalizer: string): Promise<void> {
    await this.write({}, () => {
      const stored = this.ctx.store.get(this.key(rt, namespace, name));
      if (!stored || !(stored.metadata.finalizers ?? []).includes(finalizer)) return;
      const version = rt.versions[0].name;
      const obj = present(rt, version, clone(stored));
      obj.metadata.finalizers = (obj.metadata.finalizers ?? []).filter((f: string) => f !== finalizer);
      this.updateNow(rt, version, namespace, name, obj, undefined, {});
    });
  }

  /** Finishes a namespace whose content is gone: drops `kubernetes` from spec.finalizers. */
  async finalizeNamespace(name: string): Promise<void> {
    const rt = this.ctx.registry.lookup('', 'namespaces') as ResourceType;
    await this.write({}, () => {
      const ns = this.ctx.store.get(this.key(rt, '', name));
      if (!ns || !ns.metadata.deletionTimestamp) return;
      const finalizers = ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).filter((f) => f !== 'kubernetes');
      this.updateNow(rt, 'v1', '', name, { apiVersion: 'v1', kind: 'Namespace', metadata: {}, spec: { finalizers } }, 'finalize', {});
    });
  }

  /** Sets namespace status conditions while content remains (NamespaceContentRemaining…). */
  async setNamespaceStatus(name: string, status: Record<string, unknown>): Promise<void> {
    const rt = this.ctx.registry.lookup('', 'namespaces') as ResourceType;
    await this.write({}, () => {
      const ns = this.ctx.store.get(this.key(rt, '', name));
      if (!ns) return;
      this.updateNow(rt, 'v1', '', name, { apiVersion: 'v1', kind: 'Namespace', metadata: {}, status }, 'status', {});
    });
  }

  /** Removes references to `ownerUid` from a dependent (orphaning, or dangling references). */
  async removeOwnerReference(key: ObjectKey, ownerUids: Set<string>): Promise<void> {
    await this.write({}, () => {
      const stored = this.ctx.store.get(key);
      const rt = this.ctx.registry.byStorageKey(key.storageKey);
      if (!stored || !rt) return;
      const refs = stored.metadata.ownerReferences ?? [];
      const kept = refs.filter((r) => !ownerUids.has(r.uid));
      if (kept.length === refs.length) return;
      const version = rt.versions[0].name;
      const obj = present(rt, version, clone(stored));
      if (kept.length > 0) obj.metadata.ownerReferences = kept;
      else delete obj.metadata.ownerReferences;
      this.updateNow(rt, version, key.namespace, key.name, obj, undefined, {});
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

  isCrdCleanupPending(crd: KubeObject): boolean {
    return Boolean(crd.metadata.deletionTimestamp) && (crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER);
  }
}

function withoutManagedFields(o: KubeObject): KubeObject {
  const { managedFields: _mf, resourceVersion: _rv, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

export type { Change };

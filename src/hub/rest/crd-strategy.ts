import type { FieldError } from '../errors.js';
import type { KindStrategy } from './kind-strategies.js';
import { defaultCrdSpec, validateCrdSpec } from '../schema/index.js';
import { metaTime, type ApiObject, type Condition } from '../../api/meta.js';

export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

function storageVersionOf(crd: ApiObject): string | undefined {
  const versions = (crd.spec as { versions?: { name: string; storage?: boolean }[] } | undefined)?.versions ?? [];
  return versions.find((v) => v.storage)?.name;
}

/**
 * The hub establishes a CRD as part of the write that creates it: names are accepted and the
 * endpoints served before the client is answered, so `kubectl apply` of a CRD followed at once by
 * one of its objects works, as does `kubectl wait --for=condition=Established`.
 */
function establish(crd: ApiObject, old: ApiObject | undefined, now: number): void {
  const spec = crd.spec as { names: Record<string, unknown> };
  const oldStatus = (old?.status ?? {}) as { storedVersions?: string[]; conditions?: Condition[] };
  const stored = new Set(oldStatus.storedVersions ?? []);
  const storage = storageVersionOf(crd);
  if (storage) stored.add(storage);
  const ts = metaTime(now);
  const keep = (type: string): Condition | undefined => oldStatus.conditions?.find((c) => c.type === type && c.status === 'True');
  const conditions: Condition[] = [
    keep('NamesAccepted') ?? { type: 'NamesAccepted', status: 'True', lastTransitionTime: ts, reason: 'NoConflicts', message: 'no conflicts found' },
    keep('Established') ?? {
      type: 'Established',
      status: 'True',
      lastTransitionTime: ts,
      reason: 'InitialNamesAccepted',
      message: 'the initial names have been accepted',
    },
  ];
  const terminating = oldStatus.conditions?.find((c) => c.type === 'Terminating');
  if (terminating) conditions.push(terminating);
  crd.status = { acceptedNames: { ...spec.names }, storedVersions: [...stored], conditions };
}

export const crdStrategy: KindStrategy = {
  allowUnconditionalUpdate: false,
  prepareCreate(obj, now) {
    defaultCrdSpec(obj as { metadata?: { name?: string }; spec?: unknown });
    const errs: FieldError[] = validateCrdSpec(obj as { metadata?: { name?: string }; spec?: unknown });
    if (errs.length > 0) return errs;
    const finalizers = (obj.metadata.finalizers ??= []);
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) finalizers.push(CRD_CLEANUP_FINALIZER);
    establish(obj, undefined, now);
    return [];
  },
  prepareUpdate(obj, old, now) {
    defaultCrdSpec(obj as { metadata?: { name?: string }; spec?: unknown });
    const errs: FieldError[] = validateCrdSpec(obj as { metadata?: { name?: string }; spec?: unknown });
    const oldSpec = old.spec as { group?: string; scope?: string; names?: { plural?: string } };
    const newSpec = obj.spec as { group?: string; scope?: string; names?: { plural?: string } };
    if (oldSpec.group !== newSpec.group) errs.push({ type: 'Invalid', field: 'spec.group', value: newSpec.group, detail: 'field is immutable' });
    if (oldSpec.names?.plural !== newSpec.names?.plural)
      errs.push({ type: 'Invalid', field: 'spec.names.plural', value: newSpec.names?.plural, detail: 'field is immutable' });
    if (oldSpec.scope !== newSpec.scope) errs.push({ type: 'Invalid', field: 'spec.scope', value: newSpec.scope, detail: 'field is immutable' });
    if (errs.length > 0) return errs;
    establish(obj, old, now);
    return [];
  },
};

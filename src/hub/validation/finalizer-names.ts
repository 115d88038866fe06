// Core kinds accept a finalizer name without a '/' only if it is one Kubernetes defines.
import type { FieldError } from '../errors.js';
import { isQualifiedName } from './k8s-strings.js';
import { invalidEach } from './kind-validator.js';

const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function validateKubeFinalizerName(name: string, field: string): FieldError[] {
  if (name.includes('/') || STANDARD_FINALIZERS.has(name)) return [];
  return [{ type: 'Invalid', field, value: name, detail: 'name is neither a standard finalizer name nor is it fully qualified' }];
}

/** A qualified name, and a standard or fully qualified one. */
export function validateFinalizerName(name: string, field: string): FieldError[] {
  return [...invalidEach(field, name, isQualifiedName(name)), ...validateKubeFinalizerName(name, field)];
}

// What one built-in kind's registry strategy contributes to a write, as upstream splits it:
// defaults applied when the body is decoded, then the kind's Validate / ValidateUpdate.
import type { ApiObject } from '../../api/meta.js';
import type { FieldError } from '../errors.js';
import type { NameFn } from './names.js';

export interface KindValidator {
  /** How the kind's name is checked; absent when the kind's own validation skips ObjectMeta. */
  name?: NameFn;
  /** Core kinds run core's ObjectMeta wrapper, which also checks finalizer names. */
  core?: boolean;
  /** SetDefaults_<Kind>: what decoding fills in. */
  defaults?(obj: ApiObject): void;
  /** The kind's rules beyond ObjectMeta, on create and (with the stored object) on update. */
  validate?(obj: ApiObject, old?: ApiObject): FieldError[];
  /** Rules only an update has (immutability). */
  validateUpdate?(obj: ApiObject, old: ApiObject): FieldError[];
  /** Upstream checks this kind's update rules before its create rules (ConfigMap, Secret, Service). */
  updateRulesFirst?: boolean;
}

/** A field of a JSON object, typed loosely: the object has been decoded, so types are right. */
export function get<T = unknown>(obj: unknown, ...path: string[]): T | undefined {
  let cur: unknown = obj;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur as T | undefined;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function list<T = Record<string, unknown>>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function invalidEach(field: string, value: unknown, msgs: string[]): FieldError[] {
  return msgs.map((detail) => ({ type: 'Invalid' as const, field, value, detail }));
}

/** Go's %#v of a slice of strings (or of a string type): `[]string{"a", "b"}`, `[]string(nil)`. */
export function goStringSlice(items: string[], type = '[]string'): string {
  return items.length === 0 ? `${type}(nil)` : `${type}{${items.map((s) => JSON.stringify(s)).join(', ')}}`;
}

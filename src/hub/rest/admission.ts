// What a write body must pass before the verbs handle it: be an object of the kind and version
// addressed, and (for custom resources) fit the version's schema after pruning and defaulting.
import type { ApiObject } from '../../api/meta.js';
import { badRequest, invalid } from '../errors.js';
import { findVersion, groupVersion, type ResourceType } from '../registry/resource-type.js';
import { applyDefaults, pruneUnknownFields, validateAgainstSchema } from '../schema/index.js';
import type { WriteOptions } from './rest-store.js';

/** The body must be an object of this kind and version, with a metadata object. */
export function checkBody(rt: ResourceType, version: string, body: unknown): ApiObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest(`the body of the request must be a ${rt.kind} object`);
  }
  const obj = body as ApiObject;
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

/** Prune, default and validate a custom resource against its version's schema; returns warnings. */
export function admitSchema(rt: ResourceType, version: string, obj: ApiObject, opts: WriteOptions): string[] {
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

// Validation of one CRD version's openAPIV3Schema, staged like upstream: API-level keyword
// errors first; only a schema without them is checked for structurality; only a structural
// schema has its `default`s checked against the schema they sit in.

import type { FieldError } from '../errors.js';
import { checkSchemaApi } from './crd-schema-api.js';
import { checkStructural } from './crd-structural.js';
import { cloneJson, isJsonObject, jsonEqual } from '../../util/json.js';
import { validateListTypes } from './list-types.js';
import { validateValue } from './openapi-validator.js';
import { childPath, keyPath } from './paths.js';
import { pruneUnknownFields } from './prune.js';
import type { JsonSchema } from '../../api/crd/schema.js';

/** Whether pruning would change `value` under `s` (the default carries fields `s` drops). */
function hasUnknownFields(value: unknown, s: JsonSchema): boolean {
  const wrapper: Record<string, unknown> = { v: cloneJson(value) };
  // Wrapping keeps apiVersion/kind/metadata of the default subject to the node's own rules.
  pruneUnknownFields(wrapper, { type: 'object', properties: { v: s } });
  return !jsonEqual(wrapper.v, value);
}

function checkDefaults(s: JsonSchema, path: string, out: FieldError[]): void {
  if (s.default !== undefined && s.default !== null) {
    const defaultPath = childPath(path, 'default');
    if (hasUnknownFields(s.default, s)) {
      out.push({ type: 'Invalid', field: defaultPath, value: s.default, detail: 'must not have unknown fields' });
    } else {
      out.push(...validateValue(s.default, s, '', defaultPath), ...validateListTypes(s.default, s, defaultPath));
    }
  }
  if (isJsonObject(s.properties)) {
    for (const k of Object.keys(s.properties)) {
      const p = s.properties[k];
      if (isJsonObject(p)) checkDefaults(p, keyPath(childPath(path, 'properties'), k), out);
    }
  }
  if (isJsonObject(s.additionalProperties)) checkDefaults(s.additionalProperties as JsonSchema, childPath(path, 'additionalProperties'), out);
  if (isJsonObject(s.items)) checkDefaults(s.items as JsonSchema, childPath(path, 'items'), out);
}

/** Errors of the openAPIV3Schema `schema`, found at field path `path`. */
export function validateVersionSchema(schema: JsonSchema, path: string): FieldError[] {
  const apiErrors: FieldError[] = [];
  checkSchemaApi(schema, path, apiErrors);
  if (apiErrors.length > 0) return apiErrors;
  const structural = checkStructural(schema, path);
  if (structural.length > 0) return structural;
  const defaults: FieldError[] = [];
  checkDefaults(schema, path, defaults);
  return defaults;
}

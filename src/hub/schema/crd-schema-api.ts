// The per-node checks apiextensions applies to a CRD's openAPIV3Schema before looking at
// structurality: keywords CRDs do not support, uniqueItems, properties vs additionalProperties,
// valid type names, and the x-kubernetes-list-type / map-type rules.

import type { FieldError } from '../errors.js';
import { hasOwn, isJsonObject } from '../../util/json.js';
import { childPath, indexPath, keyPath } from './paths.js';
import type { JsonSchema } from '../../api/crd/schema.js';

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

function nonEmptyObject(v: unknown): boolean {
  return isJsonObject(v) && Object.keys(v).length > 0;
}

function checkUnsupported(s: JsonSchema, path: string, out: FieldError[]): void {
  const forbid = (key: string, detail: string): void => {
    out.push({ type: 'Forbidden', field: childPath(path, key), detail });
  };
  if (typeof s.id === 'string' && s.id !== '') forbid('id', 'id is not supported');
  if (s.additionalItems !== undefined) forbid('additionalItems', 'additionalItems is not supported');
  if (nonEmptyObject(s.patternProperties)) forbid('patternProperties', 'patternProperties is not supported');
  if (nonEmptyObject(s.definitions)) forbid('definitions', 'definitions is not supported');
  if (s.dependencies !== undefined) forbid('dependencies', 'dependencies is not supported');
  if (s.$ref !== undefined) forbid('$ref', '$ref is not supported');
  if (s.type === 'null') forbid('type', 'type cannot be set to null, use nullable as an alternative');
  if (Array.isArray(s.items)) forbid('items', 'items must be a schema object and not an array');
  if (s.uniqueItems === true) forbid('uniqueItems', 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic');
  if (s.additionalProperties !== undefined && nonEmptyObject(s.properties)) {
    if (s.additionalProperties === false || isJsonObject(s.additionalProperties)) {
      forbid('additionalProperties', 'additionalProperties and properties are mutual exclusive');
    }
  }
}

function checkType(s: JsonSchema, path: string, out: FieldError[]): void {
  if (s.type === undefined || s.type === '' || s.type === 'null') return;
  if (typeof s.type !== 'string' || !OPENAPI_TYPES.includes(s.type)) {
    out.push({ type: 'NotSupported', field: childPath(path, 'type'), value: s.type, supported: OPENAPI_TYPES });
  }
}

function checkListAndMapTypes(s: JsonSchema, path: string, out: FieldError[]): void {
  const listType = s['x-kubernetes-list-type'];
  const mapKeys = s['x-kubernetes-list-map-keys'];
  const listTypePath = childPath(path, 'x-kubernetes-list-type');
  const mapKeysPath = childPath(path, 'x-kubernetes-list-map-keys');
  const items = isJsonObject(s.items) ? (s.items as JsonSchema) : undefined;

  if (listType !== undefined && listType !== 'atomic' && listType !== 'set' && listType !== 'map') {
    out.push({ type: 'NotSupported', field: listTypePath, value: listType, supported: ['atomic', 'set', 'map'] });
  }
  if (listType !== undefined && s.type !== 'array') {
    out.push({ type: 'Invalid', field: listTypePath, value: listType, detail: 'must only be used on type=array' });
  }
  if (Array.isArray(mapKeys) && mapKeys.length > 0) {
    if (listType === undefined) {
      out.push({ type: 'Required', field: listTypePath, detail: 'must be map if x-kubernetes-list-map-keys is non-empty' });
    } else if (listType !== 'map') {
      out.push({ type: 'Invalid', field: listTypePath, value: listType, detail: 'must be map if x-kubernetes-list-map-keys is non-empty' });
    }
  }
  if (listType === 'map') {
    const keys = Array.isArray(mapKeys) ? mapKeys : [];
    if (keys.length === 0) out.push({ type: 'Required', field: mapKeysPath, detail: 'must not be empty if x-kubernetes-list-type is map' });
    if (!items) {
      out.push({ type: 'Required', field: childPath(path, 'items'), detail: 'must have a schema if x-kubernetes-list-type is map' });
    } else if (items.type !== 'object') {
      out.push({
        type: 'Invalid',
        field: childPath(childPath(path, 'items'), 'type'),
        value: items.type ?? '',
        detail: "must be object if parent array's x-kubernetes-list-type is map",
      });
    } else {
      const seen = new Set<string>();
      for (const k of keys) {
        const prop = isJsonObject(items.properties) && hasOwn(items.properties, k) ? items.properties[k] : undefined;
        if (!prop) {
          out.push({ type: 'Invalid', field: mapKeysPath, value: keys, detail: 'entries must all be names of item properties' });
        } else if (prop.type === 'array' || prop.type === 'object') {
          out.push({
            type: 'Invalid',
            field: childPath(keyPath(childPath(childPath(path, 'items'), 'properties'), k), 'type'),
            value: items.type,
            detail: "must be a scalar type if parent array's x-kubernetes-list-type is map",
          });
        }
        if (seen.has(k)) out.push({ type: 'Invalid', field: mapKeysPath, value: keys, detail: 'must not contain duplicate entries' });
        seen.add(k);
      }
    }
  }
  if (listType === 'set' && items) {
    if (items.type === 'array' && items['x-kubernetes-list-type'] !== undefined && items['x-kubernetes-list-type'] !== 'atomic') {
      out.push({
        type: 'Invalid',
        field: childPath(childPath(path, 'items'), 'x-kubernetes-list-type'),
        value: items['x-kubernetes-list-type'],
        detail: 'must be atomic as item of a list with x-kubernetes-list-type=set',
      });
    }
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      out.push({
        type: 'Invalid',
        field: childPath(childPath(path, 'items'), 'x-kubernetes-map-type'),
        value: items['x-kubernetes-map-type'] ?? null,
        detail: 'must be atomic as item of a list with x-kubernetes-list-type=set',
      });
    }
  }

  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined) {
    const mapTypePath = childPath(path, 'x-kubernetes-map-type');
    if (s.type !== 'object') out.push({ type: 'Invalid', field: mapTypePath, value: mapType, detail: 'must only be used on type=object' });
    if (mapType !== 'atomic' && mapType !== 'granular') {
      out.push({ type: 'NotSupported', field: mapTypePath, value: mapType, supported: ['atomic', 'granular'] });
    }
  }
}

/** API-level errors of the schema node `s` at `path` and of everything below it. */
export function checkSchemaApi(s: JsonSchema, path: string, out: FieldError[]): void {
  checkUnsupported(s, path, out);
  if (isJsonObject(s.additionalProperties)) checkSchemaApi(s.additionalProperties as JsonSchema, childPath(path, 'additionalProperties'), out);
  if (isJsonObject(s.properties)) {
    for (const k of Object.keys(s.properties)) {
      const p = s.properties[k];
      if (isJsonObject(p)) checkSchemaApi(p, keyPath(childPath(path, 'properties'), k), out);
    }
  }
  if (isJsonObject(s.not)) checkSchemaApi(s.not, childPath(path, 'not'), out);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) list.forEach((sub, i) => isJsonObject(sub) && checkSchemaApi(sub, indexPath(childPath(path, key), i), out));
  }
  if (isJsonObject(s.items)) checkSchemaApi(s.items as JsonSchema, childPath(path, 'items'), out);
  checkType(s, path, out);
  checkListAndMapTypes(s, path, out);
}

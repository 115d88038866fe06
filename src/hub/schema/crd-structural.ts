// The structural-schema rules of apiextensions (pkg/apiserver/schema/validation.go): every
// specified node has a type (unless preserve-unknown-fields or int-or-string says otherwise), the
// root is an object without additionalProperties, metadata at the root may only restrict name and
// generateName, and allOf/anyOf/oneOf/not may only add value validations. Upstream sorts these
// errors by their text, so the order is stable regardless of map iteration.

import { fieldErrorText, type FieldError } from '../errors.js';
import { isJsonObject } from '../../util/json.js';
import { compilePattern } from './pattern.js';
import { childPath, indexPath, keyPath } from './paths.js';
import type { JsonSchema } from '../../api/crd/schema.js';

type Level = 'root' | 'item' | 'field';

function present(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

function subSchemas(list: unknown): JsonSchema[] {
  return Array.isArray(list) ? (list.filter(isJsonObject) as JsonSchema[]) : [];
}

function isTypeOnly(s: unknown, type: string): boolean {
  if (!isJsonObject(s)) return false;
  return s.type === type && Object.keys(s).every((k) => k === 'type' || !present(s[k]));
}

/** `anyOf: [{type: integer}, {type: string}]`, the one place a nested `type` is allowed. */
function isIntOrStringAnyOf(anyOf: unknown): boolean {
  return Array.isArray(anyOf) && anyOf.length === 2 && isTypeOnly(anyOf[0], 'integer') && isTypeOnly(anyOf[1], 'string');
}

function checkPattern(s: JsonSchema, path: string, out: FieldError[]): void {
  if (typeof s.pattern !== 'string' || s.pattern === '') return;
  const compiled = compilePattern(s.pattern);
  if ('error' in compiled) {
    out.push({
      type: 'Invalid',
      field: childPath(path, 'pattern'),
      value: s.pattern,
      detail: `must be a valid regular expression, but isn't: ${compiled.error}`,
    });
  }
}

function checkValueValidation(s: JsonSchema, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, path: string, out: FieldError[]): void {
  if (!skipAnyOf) subSchemas(s.anyOf).forEach((v, i) => checkNested(v, false, indexPath(childPath(path, 'anyOf'), i), out));
  subSchemas(s.allOf).forEach((v, i) => checkNested(v, skipFirstAllOfAnyOf && i === 0, indexPath(childPath(path, 'allOf'), i), out));
  subSchemas(s.oneOf).forEach((v, i) => checkNested(v, false, indexPath(childPath(path, 'oneOf'), i), out));
  if (isJsonObject(s.not)) checkNested(s.not, false, childPath(path, 'not'), out);
  checkPattern(s, path, out);
}

const NESTED_FORBIDDEN: [keyof JsonSchema, string][] = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
];

/** A schema under allOf/anyOf/oneOf/not: only value validations may appear there. */
function checkNested(v: JsonSchema, skipAnyOf: boolean, path: string, out: FieldError[]): void {
  checkValueValidation(v, skipAnyOf, false, path, out);
  if (isJsonObject(v.items)) checkNested(v.items as JsonSchema, false, childPath(path, 'items'), out);
  if (isJsonObject(v.properties)) {
    for (const k of Object.keys(v.properties)) {
      const p = v.properties[k];
      if (isJsonObject(p)) checkNested(p, false, keyPath(childPath(path, 'properties'), k), out);
    }
  }
  for (const [key, detail] of NESTED_FORBIDDEN) {
    const val = v[key];
    const isSet = key === 'additionalProperties' || key === 'default' ? val !== undefined && val !== null : present(val);
    if (isSet) out.push({ type: 'Forbidden', field: childPath(path, key), detail });
  }
  if (isJsonObject(v.properties) && Object.prototype.hasOwnProperty.call(v.properties, 'metadata')) {
    out.push({ type: 'Forbidden', field: keyPath(childPath(path, 'properties'), 'metadata'), detail: 'must not be specified in a nested context' });
  }
}

/** Root metadata may have a type, a default and name/generateName properties, nothing else. */
function rootMetadataRestricted(metadata: JsonSchema): boolean {
  for (const k of Object.keys(metadata)) {
    const v = (metadata as Record<string, unknown>)[k];
    if (k === 'type' || k === 'default' || !present(v)) continue;
    if (k === 'properties' && isJsonObject(v)) {
      const names = Object.keys(v);
      if (names.every((n) => n === 'name' || n === 'generateName')) continue;
    }
    return true;
  }
  return false;
}

function checkInvariants(s: JsonSchema, lvl: Level, path: string, out: FieldError[]): void {
  const type = typeof s.type === 'string' ? s.type : '';
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const typePath = childPath(path, 'type');

  if (type === 'array' && !isJsonObject(s.items)) out.push({ type: 'Required', field: childPath(path, 'items'), detail: 'must be specified' });
  if (isJsonObject(s.items)) checkInvariants(s.items as JsonSchema, 'item', childPath(path, 'items'), out);
  const props = isJsonObject(s.properties) ? s.properties : {};
  for (const k of Object.keys(props)) {
    if (isJsonObject(props[k])) checkInvariants(props[k], 'field', keyPath(childPath(path, 'properties'), k), out);
  }

  if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
    if (lvl === 'root') out.push({ type: 'Forbidden', field: childPath(path, 'additionalProperties'), detail: 'must not be used at the root' });
    if (isJsonObject(s.additionalProperties)) {
      checkInvariants(s.additionalProperties as JsonSchema, 'field', childPath(path, 'additionalProperties'), out);
    }
  }

  if (intOrString && preserve) {
    out.push({
      type: 'Invalid',
      field: childPath(path, 'x-kubernetes-preserve-unknown-fields'),
      value: true,
      detail: 'must be false if x-kubernetes-int-or-string is true',
    });
  }
  if (intOrString && embedded) {
    out.push({
      type: 'Invalid',
      field: childPath(path, 'x-kubernetes-embedded-resource'),
      value: true,
      detail: 'must be false if x-kubernetes-int-or-string is true',
    });
  }

  const allOf = subSchemas(s.allOf);
  checkValueValidation(s, isIntOrStringAnyOf(s.anyOf), allOf.length > 0 && isIntOrStringAnyOf(allOf[0].anyOf), path, out);

  if (embedded && type !== 'object') {
    if (type === '') out.push({ type: 'Required', field: typePath, detail: 'must be object if x-kubernetes-embedded-resource is true' });
    else out.push({ type: 'Invalid', field: typePath, value: type, detail: 'must be object if x-kubernetes-embedded-resource is true' });
  } else if (type === '' && !intOrString && !preserve) {
    const detail =
      lvl === 'root'
        ? 'must not be empty at the root'
        : lvl === 'item'
          ? 'must not be empty for specified array items'
          : 'must not be empty for specified object fields';
    out.push({ type: 'Required', field: typePath, detail });
  }
  if (embedded && s.additionalProperties !== undefined && s.additionalProperties !== null) {
    out.push({ type: 'Forbidden', field: childPath(path, 'additionalProperties'), detail: 'must not be used if x-kubernetes-embedded-resource is set' });
  }
  if (lvl === 'root' && type !== '' && type !== 'object') {
    out.push({ type: 'Invalid', field: typePath, value: type, detail: 'must be object at the root' });
  }

  const checkMetadata = lvl === 'root' || embedded;
  const propsPath = childPath(path, 'properties');
  for (const name of ['kind', 'apiVersion']) {
    const p = props[name];
    if (checkMetadata && isJsonObject(p) && p.type !== 'string') {
      out.push({ type: 'Invalid', field: childPath(keyPath(propsPath, name), 'type'), value: p.type ?? '', detail: 'must be string' });
    }
  }
  const metadata = props.metadata;
  if (checkMetadata && isJsonObject(metadata) && metadata.type !== 'object') {
    out.push({ type: 'Invalid', field: childPath(keyPath(propsPath, 'metadata'), 'type'), value: metadata.type ?? '', detail: 'must be object' });
  }
  if (lvl === 'root' && isJsonObject(metadata) && rootMetadataRestricted(metadata)) {
    out.push({
      type: 'Forbidden',
      field: keyPath(propsPath, 'metadata'),
      detail: 'must not specify anything other than name and generateName, but metadata is implicitly specified',
    });
  }

  if (embedded && !preserve && Object.keys(props).length === 0) {
    out.push({
      type: 'Required',
      field: childPath(path, 'properties'),
      detail: 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
    });
  }
}

/** Structural-schema violations of a version's openAPIV3Schema found at `path`. */
export function checkStructural(schema: JsonSchema, path: string): FieldError[] {
  const out: FieldError[] = [];
  checkInvariants(schema, 'root', path, out);
  const text = out.map((e) => fieldErrorText(e));
  return out
    .map((e, i) => ({ e, t: text[i] }))
    .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0))
    .map((x) => x.e);
}

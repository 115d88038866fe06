// The schema-keyword checks of kube-openapi's SchemaValidator, with its errors already mapped
// to field errors the way apiextensions maps them. Upstream runs its sub-validators in a fixed
// order (type, allOf/anyOf/oneOf/not, string, format, number, array, enum, object), each only
// for the kinds of value it applies to, and a type mismatch does not stop the others; the same
// order and the same quirks are kept here because they decide which errors a client sees.

import type { FieldError } from '../errors.js';
import { effectiveFormat, matchesFormat } from './formats.js';
import { goFloat, goInt } from './go-format.js';
import { canonicalJson, hasOwn, isJsonObject, jsonEqual } from '../../util/json.js';
import { additionalSchema, jsonTypeName, propertySchema } from './schema-lookup.js';
import { openapiMessages as msg, tooLongDetail, tooManyDetail } from './messages.js';
import { compilePattern } from './pattern.js';
import type { JsonSchema } from '../../api/crd/schema.js';

/**
 * Where errors land: kube-openapi names values by a dotted path (`name`, used in details), and
 * apiextensions appends that path to `prefix` for the field error's `field`.
 */
interface Scope {
  prefix: string;
}

function fieldOf(scope: Scope, name: string): string {
  const n = name.startsWith('.') ? name.slice(1) : name;
  if (name !== '' && name !== '.') return scope.prefix ? `${scope.prefix}.${n}` : n;
  // field.Path of a nil path prints as "<nil>"; it shows up for root-level and composite errors.
  return scope.prefix || '<nil>';
}

function declaredTypes(s: JsonSchema): string[] {
  if (typeof s.type === 'string' && s.type !== '') return [s.type];
  // apiextensions validates int-or-string as the type list [integer, string].
  if (s['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return [];
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function typeError(scope: Scope, name: string, want: string, got: string): FieldError {
  return { type: 'TypeInvalid', field: fieldOf(scope, name), value: got, detail: msg.type(name, want, got) };
}

function checkType(data: unknown, s: JsonSchema, name: string, scope: Scope): FieldError | undefined {
  const types = declaredTypes(s);
  const format = effectiveFormat(s.format);
  if (types.length === 0 && format === '') return undefined;
  if (data === null || data === undefined) {
    if (types.length > 0 && !types.includes('null') && s.nullable !== true) return typeError(scope, name, types.join(','), 'null');
    return undefined;
  }
  const got = jsonTypeName(data);
  const dataFormat = got === 'integer' ? 'int64' : got === 'number' ? 'float64' : '';
  const intAsNumber = got === 'integer' && types.includes('number');
  // A format on a non-string value is reported against the format, with the value's Go format.
  if (got !== 'string' && got !== 'array' && format !== '' && !(types.includes(got) || dataFormat === format || intAsNumber)) {
    return typeError(scope, name, format, dataFormat);
  }
  if (!(types.includes('number') || types.includes('integer')) && format !== '' && (got === 'string' || got === 'array')) return undefined;
  if (!(types.includes(got) || intAsNumber)) return typeError(scope, name, types.join(','), got);
  return undefined;
}

function composite(scope: Scope, detail: string): FieldError {
  return { type: 'Invalid', field: scope.prefix || '<nil>', value: '', detail };
}

function checkCompositions(data: unknown, s: JsonSchema, name: string, scope: Scope, out: FieldError[]): void {
  const subs = (list: unknown): JsonSchema[] => (Array.isArray(list) ? list.filter(isJsonObject) : []);

  const anyOf = subs(s.anyOf);
  if (anyOf.length > 0) {
    let best: FieldError[] | undefined;
    let ok = false;
    for (const sub of anyOf) {
      const r = validateValue(data, sub, name, scope.prefix);
      if (r.length === 0) {
        ok = true;
        break;
      }
      // Upstream keeps the branch that got furthest; the one with fewest errors, first on ties.
      if (!best || r.length < best.length) best = r;
    }
    if (!ok) {
      out.push(composite(scope, msg.anyOf(name)));
      if (best) out.push(...best);
    }
  }

  const oneOf = subs(s.oneOf);
  if (oneOf.length > 0) {
    let best: FieldError[] | undefined;
    let validated = 0;
    for (const sub of oneOf) {
      const r = validateValue(data, sub, name, scope.prefix);
      if (r.length === 0) {
        validated++;
        best = undefined;
      } else if (validated === 0 && (!best || r.length < best.length)) best = r;
    }
    if (validated !== 1) {
      out.push(composite(scope, msg.oneOf(name, validated)));
      if (best) out.push(...best);
    }
  }

  const allOf = subs(s.allOf);
  if (allOf.length > 0) {
    let validated = 0;
    for (const sub of allOf) {
      const r = validateValue(data, sub, name, scope.prefix);
      if (r.length === 0) validated++;
      out.push(...r);
    }
    if (validated !== allOf.length) out.push(composite(scope, msg.allOf(name, validated)));
  }

  if (isJsonObject(s.not) && validateValue(data, s.not, name, scope.prefix).length === 0) {
    out.push(composite(scope, msg.not(name)));
  }
}

// kube-openapi stops at the first failing string constraint.
function checkString(data: string, s: JsonSchema, name: string, scope: Scope): FieldError | undefined {
  const field = fieldOf(scope, name);
  const length = [...data].length;
  if (isNum(s.maxLength) && length > s.maxLength) {
    return { type: 'TooLong', field, value: data, detail: tooLongDetail(s.maxLength) };
  }
  if (isNum(s.minLength) && length < s.minLength) {
    return { type: 'Invalid', field, value: data, detail: msg.tooShort(name, goInt(s.minLength)) };
  }
  if (typeof s.pattern === 'string' && s.pattern !== '') {
    const compiled = compilePattern(s.pattern);
    if ('error' in compiled) {
      return { type: 'Invalid', field, value: data, detail: msg.pattern(name, `${s.pattern}, but pattern is invalid: ${compiled.error}`) };
    }
    if (!compiled.re.test(data)) return { type: 'Invalid', field, value: data, detail: msg.pattern(name, s.pattern) };
  }
  return undefined;
}

function checkNumber(data: number, s: JsonSchema, name: string, scope: Scope, out: FieldError[]): void {
  const field = fieldOf(scope, name);
  // Integers are compared with truncated integer bounds and printed as integers, other numbers
  // with float bounds printed by Go's %v (1e+06), as kube-openapi's native-type checks do.
  const asInt = Number.isInteger(data);
  const invalid = (detail: string): void => {
    out.push({ type: 'Invalid', field, value: data, detail });
  };

  if (isNum(s.multipleOf)) {
    const factor = s.multipleOf;
    if (asInt && Math.trunc(factor) !== 0) {
      const f = Math.trunc(factor);
      if (f < 0) out.push({ type: 'Invalid', field, value: f, detail: msg.multipleOfMustBePositive(name, goInt(f)) });
      else if (data % f !== 0) invalid(msg.multipleOf(name, goInt(f)));
    } else if (factor < 0) {
      out.push({ type: 'Invalid', field, value: factor, detail: msg.multipleOfMustBePositive(name, goFloat(factor)) });
    } else if (factor > 0) {
      const mult = factor < 1 ? (1 / factor) * data : data / factor;
      if (!Number.isInteger(mult)) invalid(msg.multipleOf(name, goFloat(factor)));
    }
  }

  if (isNum(s.minimum)) {
    const exclusive = s.exclusiveMinimum === true;
    const min = asInt ? Math.trunc(s.minimum) : s.minimum;
    if (exclusive ? data <= min : data < min) invalid(msg.minimum(name, asInt ? goInt(min) : goFloat(min), exclusive));
  }

  if (isNum(s.maximum)) {
    const exclusive = s.exclusiveMaximum === true;
    const max = asInt ? Math.trunc(s.maximum) : s.maximum;
    if (exclusive ? data >= max : data > max) invalid(msg.maximum(name, asInt ? goInt(max) : goFloat(max), exclusive));
  }
}

function checkArray(data: unknown[], s: JsonSchema, name: string, scope: Scope, out: FieldError[]): void {
  if (isJsonObject(s.items)) {
    const items = s.items as JsonSchema;
    data.forEach((v, i) => out.push(...validateValue(v, items, `${name}[${i}]`, scope.prefix)));
  }
  const field = fieldOf(scope, name);
  const size = data.length;
  if (isNum(s.minItems) && size < s.minItems) {
    out.push({ type: 'Invalid', field, value: size, detail: msg.tooFewItems(name, goInt(s.minItems)) });
  }
  if (isNum(s.maxItems) && size > s.maxItems) {
    out.push({ type: 'TooMany', field, value: size, detail: tooManyDetail(s.maxItems) });
  }
  if (s.uniqueItems === true && new Set(data.map(canonicalJson)).size !== size) {
    out.push({ type: 'Invalid', field, value: '', detail: msg.unique(name) });
  }
}

function checkEnum(data: unknown, s: JsonSchema, name: string, scope: Scope): FieldError | undefined {
  if (!Array.isArray(s.enum) || s.enum.length === 0) return undefined;
  if (s.enum.some((e) => jsonEqual(e, data))) return undefined;
  // apiextensions lists non-string enum values in their JSON form.
  const supported = s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  return { type: 'NotSupported', field: fieldOf(scope, name), value: data ?? null, supported };
}

function checkObject(data: Record<string, unknown>, s: JsonSchema, name: string, scope: Scope, out: FieldError[]): void {
  const keys = Object.keys(data);
  // Property-count failures end the object's validation, as upstream returns early.
  if (isNum(s.minProperties) && keys.length < s.minProperties) {
    out.push({ type: 'Invalid', field: fieldOf(scope, name), value: keys.length, detail: msg.tooFewProperties(name, goInt(s.minProperties)) });
    return;
  }
  if (isNum(s.maxProperties) && keys.length > s.maxProperties) {
    out.push({ type: 'TooMany', field: fieldOf(scope, name), value: keys.length, detail: tooManyDetail(s.maxProperties) });
    return;
  }

  const declared = (k: string): boolean => propertySchema(s, k) !== undefined;
  if (s.additionalProperties === false) {
    for (const k of keys) {
      if (!declared(k)) out.push({ type: 'Invalid', field: fieldOf(scope, name), value: k, detail: msg.forbiddenProperty(name, k) });
    }
  } else {
    const ap = additionalSchema(s);
    if (ap) {
      for (const k of keys) if (!declared(k)) out.push(...validateValue(data[k], ap, `${name}.${k}`, scope.prefix));
    }
  }

  if (isJsonObject(s.properties)) {
    for (const p of Object.keys(s.properties)) {
      const ps = propertySchema(s, p);
      if (ps && hasOwn(data, p)) out.push(...validateValue(data[p], ps, name ? `${name}.${p}` : p, scope.prefix));
    }
  }

  if (Array.isArray(s.required)) {
    for (const r of s.required) {
      if (typeof r === 'string' && !hasOwn(data, r)) out.push({ type: 'Required', field: fieldOf(scope, `${name}.${r}`), detail: '' });
    }
  }
}

/**
 * Validates `data` against one schema node. `name` is the value's kube-openapi path (used in
 * details); `prefix` is prepended to it in each error's `field`.
 */
export function validateValue(data: unknown, s: JsonSchema, name: string, prefix = ''): FieldError[] {
  const scope: Scope = { prefix };
  const out: FieldError[] = [];
  const typeErr = checkType(data, s, name, scope);
  if (typeErr) out.push(typeErr);
  if (data === null || data === undefined) {
    const enumErr = checkEnum(null, s, name, scope);
    if (enumErr) out.push(enumErr);
    return out;
  }

  checkCompositions(data, s, name, scope, out);
  if (typeof data === 'string') {
    const strErr = checkString(data, s, name, scope);
    if (strErr) out.push(strErr);
    const format = effectiveFormat(s.format);
    if (format !== '' && !matchesFormat(format, data)) out.push(typeError(scope, name, format, data));
  }
  if (typeof data === 'number') checkNumber(data, s, name, scope, out);
  if (Array.isArray(data)) checkArray(data, s, name, scope, out);
  const enumErr = checkEnum(data, s, name, scope);
  if (enumErr) out.push(enumErr);
  if (isJsonObject(data)) checkObject(data, s, name, scope, out);
  return out;
}

// Decoding a built-in object into its Go type, as the API server does before anything else looks
// at it. Two dialects, because the server has two decoders:
//  - 'json': sigs.k8s.io/json into the typed struct (create and update bodies, JSON and merge
//    patches). The first type mismatch is kept and decoding goes on; an error from a type with
//    its own UnmarshalJSON (time, quantity, int-or-string) stops it. Messages name the Go struct
//    and field path: `json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name
//    of type string`.
//  - 'unstructured': runtime.DefaultUnstructuredConverter (strategic merge patches), which stops
//    at the first problem, walks struct fields in declaration order and words its errors
//    differently (`cannot convert int64 to string`, `cannot restore map from string`).
// Both collect unknown fields (for fieldValidation) and return the object as the typed struct
// would hold it: unknown fields and nulls dropped, byte arrays as base64, quantities as strings.
import { isJsonObject } from '../../util/json.js';
import { goBase64Error } from './go-base64.js';
import type { GoType } from './go-type.js';
import { RFC3339, RFC3339_MICRO, goTimeParseError } from './go-time.js';
import { quantityFromJson } from './quantity.js';

export type DecodeDialect = 'json' | 'unstructured';

export interface DecodeOutcome {
  /** The object as the Go struct holds it. */
  value: unknown;
  /** Go's error text, when decoding failed. */
  error?: string;
  /** Strict-decoding paths of unknown fields (`spec.foo`, `spec.containers[0].bar`). */
  unknownFields: string[];
}

/** An error that ends decoding at once (a custom UnmarshalJSON failed, or the converter gave up). */
class Stop {
  constructor(readonly message: string) {}
}

/** Nothing to keep: the Go field stays at its zero value and is not written back. */
const OMIT = Symbol('omit');

type JsKind = 'string' | 'number' | 'bool' | 'object' | 'array' | 'null';

function jsKind(v: unknown): JsKind {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/** How Go prints a JSON number literal in `number 1.5`. */
function numberLiteral(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
}

/** reflect.Kind of a value in an unstructured map, as the converter prints it. */
function unstructuredKind(v: unknown): string {
  const k = jsKind(v);
  if (k === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (k === 'object') return 'map';
  if (k === 'array') return 'slice';
  return k;
}

/** reflect.Kind of a primitive Go type (a named string type is still kind `string`). */
function primitiveKind(t: GoType): string {
  if (t.k === 'int') return t.kind;
  if (t.k === 'float') return 'float64';
  return t.k;
}

class Decoder {
  private saved?: string;
  readonly unknown: string[] = [];
  private structName?: string;
  private readonly fieldStack: string[] = [];

  constructor(private readonly dialect: DecodeDialect) {}

  decode(v: unknown, t: GoType): DecodeOutcome {
    try {
      const value = this.value(v, t, '');
      const unknownFields = this.dialect === 'unstructured' ? [...this.unknown].sort() : this.unknown;
      if (this.saved !== undefined) return { value, error: this.saved, unknownFields: [] };
      return { value: value === OMIT ? {} : value, unknownFields };
    } catch (err) {
      if (err instanceof Stop) return { value: v, error: err.message, unknownFields: [] };
      throw err;
    }
  }

  /** `json: cannot unmarshal <what> into Go struct field S.a.b of type T` (or `Go value` at the top). */
  private typeErrorText(what: string, typeName: string): string {
    if (this.structName !== undefined || this.fieldStack.length > 0) {
      return `json: cannot unmarshal ${what} into Go struct field ${this.structName ?? ''}.${this.fieldStack.join('.')} of type ${typeName}`;
    }
    return `json: cannot unmarshal ${what} into Go value of type ${typeName}`;
  }

  /** A value of the wrong JSON type for `t`. */
  private mismatch(v: unknown, t: GoType): typeof OMIT {
    if (this.dialect === 'json') {
      const kind = jsKind(v);
      const what = kind === 'number' && (t.k === 'int' || t.k === 'float') ? `number ${numberLiteral(v as number)}` : kind;
      this.saved ??= this.typeErrorText(what, t.name);
      return OMIT;
    }
    throw new Stop(this.unstructuredMismatch(v, t));
  }

  private unstructuredMismatch(v: unknown, t: GoType): string {
    const src = unstructuredKind(v);
    switch (t.k) {
      case 'map':
        return `cannot restore map from ${src}`;
      case 'slice':
      case 'bytes':
        return `cannot restore slice from ${src}`;
      case 'struct':
        return `cannot restore struct from: ${src}`;
      default:
        // Go converts between integer kinds and to string, but the converter refuses the latter.
        if (src === 'int64' && t.k === 'string') return `cannot convert int64 to ${t.name}`;
        if (src === 'float64' && t.k === 'int') return `cannot convert float64 to ${t.name}`;
        return `unrecognized type: ${primitiveKind(t)}`;
    }
  }

  /** An error from a type's own UnmarshalJSON: ends decoding. */
  private stop(message: string): never {
    throw new Stop(message);
  }

  /** A std-library UnmarshalTypeError from inside a custom decoder, decorated like the others. */
  private innerTypeError(what: string, typeName: string): never {
    if (this.dialect === 'json') this.stop(this.typeErrorText(what, typeName));
    this.stop(`json: cannot unmarshal ${what} into Go value of type ${typeName}`);
  }

  private value(v: unknown, t: GoType, path: string): unknown {
    if (v === null || v === undefined) return OMIT;
    switch (t.k) {
      case 'ptr':
        return this.value(v, t.elem, path);
      case 'string':
        return typeof v === 'string' ? v : this.mismatch(v, t);
      case 'bool':
        return typeof v === 'boolean' ? v : this.mismatch(v, t);
      case 'float':
        return typeof v === 'number' ? v : this.mismatch(v, t);
      case 'int':
        return this.integer(v, t);
      case 'bytes':
        return this.bytes(v, t, path);
      case 'leaf':
        return this.leaf(v, t);
      case 'slice':
        return this.slice(v, t, path);
      case 'map':
        return this.map(v, t, path);
      case 'struct':
        return this.struct(v, t, path);
    }
  }

  private integer(v: unknown, t: Extract<GoType, { k: 'int' }>): unknown {
    if (typeof v !== 'number') return this.mismatch(v, t);
    if (!Number.isInteger(v)) return this.mismatch(v, t);
    // The converter narrows without a range check; the JSON decoder refuses an overflow.
    if (this.dialect === 'json' && (v < t.min || v > t.max) && t.max !== Number.MAX_SAFE_INTEGER) return this.mismatch(v, t);
    return v;
  }

  private bytes(v: unknown, t: GoType, path: string): unknown {
    if (typeof v === 'string') {
      const err = goBase64Error(v);
      if (err === undefined) return v;
      if (this.dialect === 'unstructured') this.stop(err);
      this.saved ??= err;
      return OMIT;
    }
    if (Array.isArray(v)) {
      // Go decodes a JSON array of numbers into []byte element by element.
      const element: GoType = { k: 'int', name: 'uint8', kind: 'uint8', min: 0, max: 255 };
      const bytes = v.map((x, i) => this.value(x, element, `${path}[${i}]`));
      if (bytes.some((b) => typeof b !== 'number')) return OMIT;
      return Buffer.from(bytes as number[]).toString('base64');
    }
    return this.mismatch(v, t);
  }

  private leaf(v: unknown, t: Extract<GoType, { k: 'leaf' }>): unknown {
    switch (t.leaf) {
      case 'any':
        return v;
      case 'quantity': {
        const q = quantityFromJson(v);
        if (!q.ok) this.stop(q.error);
        return typeof v === 'string' ? v : numberLiteral(v as number);
      }
      case 'intorstring':
        if (typeof v === 'string') return v;
        if (typeof v !== 'number') this.innerTypeError(jsKind(v), 'int32');
        if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) this.innerTypeError(`number ${numberLiteral(v)}`, 'int32');
        return v;
      case 'time':
      case 'microtime':
      case 'duration': {
        if (typeof v !== 'string') this.innerTypeError(jsKind(v), 'string');
        if (t.leaf === 'duration') return v;
        const err = goTimeParseError(t.leaf === 'time' ? RFC3339 : RFC3339_MICRO, v);
        if (err !== undefined) this.stop(err);
        return v;
      }
    }
  }

  private slice(v: unknown, t: Extract<GoType, { k: 'slice' }>, path: string): unknown {
    if (!Array.isArray(v)) return this.mismatch(v, t);
    return v.map((x, i) => {
      const out = this.value(x, t.elem, `${path}[${i}]`);
      return out === OMIT ? zeroValue(t.elem) : out;
    });
  }

  private map(v: unknown, t: Extract<GoType, { k: 'map' }>, path: string): unknown {
    if (!isJsonObject(v)) return this.mismatch(v, t);
    const out: Record<string, unknown> = {};
    for (const [key, x] of Object.entries(v)) {
      const decoded = this.value(x, t.elem, path ? `${path}.${key}` : key);
      out[key] = decoded === OMIT ? zeroValue(t.elem) : decoded;
    }
    return out;
  }

  private struct(v: unknown, t: Extract<GoType, { k: 'struct' }>, path: string): unknown {
    if (!isJsonObject(v)) return this.mismatch(v, t);
    const out: Record<string, unknown> = {};
    const outer = { structName: this.structName, depth: this.fieldStack.length };
    // The JSON decoder reads the document in order; the converter walks the struct's fields.
    const keys = this.dialect === 'json' ? Object.keys(v) : [...t.fields.keys()].filter((k) => k in v);
    for (const key of keys) {
      const fieldType = t.fields.get(key);
      const fieldPath = path ? `${path}.${key}` : key;
      if (!fieldType) {
        this.unknown.push(fieldPath);
        continue;
      }
      this.fieldStack.push(key);
      this.structName = t.structName;
      const decoded = this.value(v[key], fieldType, fieldPath);
      this.fieldStack.length = outer.depth;
      this.structName = outer.structName;
      if (decoded !== OMIT) out[key] = decoded;
    }
    if (this.dialect === 'unstructured') {
      for (const key of Object.keys(v)) if (!t.fields.has(key)) this.unknown.push(path ? `${path}.${key}` : key);
    }
    return out;
  }
}

/** What Go leaves in a map entry or slice element that was `null`. */
function zeroValue(t: GoType): unknown {
  switch (t.k) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
    case 'float':
      return 0;
    case 'struct':
      return {};
    default:
      return null;
  }
}

/** Decodes `v` into `t` in the given dialect. */
export function decodeGo(v: unknown, t: GoType, dialect: DecodeDialect): DecodeOutcome {
  return new Decoder(dialect).decode(v, t);
}

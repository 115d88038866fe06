// Protobuf messages of Kubernetes kinds described as data: which field number becomes which JSON
// property, of what type, and how Go's JSON tags treat its zero value. One decoder turns a
// message into the JSON a JSON client would have sent for the same Go object, and one encoder
// (for tests) writes a JSON object the way Go's generated marshallers do. Adding a kind is adding
// its schema; the rules below are the same for all.
//
// Zero values, as Go has them:
// - a non-pointer field is always on the wire (gogo writes it even when empty) and, with
//   `omitempty`, absent from JSON when zero: the decoder drops it unless the schema says `always`
//   (a JSON tag without omitempty), in which case it serves the zero value;
// - a pointer field (`pointer`) is on the wire only when set, and then served whatever its value
//   (`immutable: false`, `aggregationRule: {}` mean something);
// - repeated fields and maps are served only when they have entries (an empty list and a missing
//   one decode to the same Go value);
// - an embedded struct (`inline`, Go's `json:",inline"`) puts its keys into the enclosing object.
//
// Field numbers a schema does not know are skipped, as Go's generated code skips them — unless the
// schema is `partial` (it models only what the hub needs of a larger message): then a field it does
// not know that carries a value is refused with a 415, so that nothing a client sent is lost.

import { ApiError } from '../errors.js';
import { ProtoReader, WIRE_LEN, WIRE_VARINT } from './protobuf-reader.js';
import { ProtoWriter } from './protobuf-writer.js';

export type JsonMap = Record<string, unknown>;

/** Defines a plain data property; keys come from the request, so never `obj[key] = v`. */
export function put(obj: JsonMap, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** A length-delimited value with its own JSON form (metav1.Time, FieldsV1, IntOrString). */
export interface CustomType {
  /** The JSON value, or undefined for the type's zero value (then served only if `always`). */
  decode(r: ProtoReader): unknown;
  /** The wire payload for a JSON value (tests only, as encodeMessage). */
  encode(value: unknown): ProtoWriter;
  /** JSON of the zero value, for `always` fields that are absent. */
  zero?: unknown;
}

export type FieldType =
  | 'string'
  /** `bytes`: base64 in JSON, as encoding/json writes []byte. */
  | 'bytes'
  | 'bool'
  /** int32 and int64 varints (negative ones sign-extended to ten bytes). */
  | 'int'
  | { message: MessageSchema }
  /** map<string, V> for a string, bytes or custom V (a Quantity). */
  | { map: MapValue }
  | { custom: CustomType };

export type MapValue = 'string' | 'bytes' | { custom: CustomType };

export interface FieldSchema {
  no: number;
  json: string;
  type: FieldType;
  repeated?: boolean;
  /** A Go pointer: on the wire only when set, and then served whatever its value. */
  pointer?: boolean;
  /** A JSON tag without omitempty: the zero value is served. */
  always?: boolean;
  /** An embedded struct: its keys are served in the enclosing object. */
  inline?: boolean;
}

export interface MessageSchema {
  /** The Go type, for error messages. */
  name: string;
  /** In the order of the Go struct, which is the order the API server serves the keys in. */
  fields: readonly FieldSchema[];
  /** Only part of the message is modelled: other fields that carry a value are refused. */
  partial?: boolean;
}

function wireType(type: FieldType): number {
  return type === 'bool' || type === 'int' ? WIRE_VARINT : WIRE_LEN;
}

function readScalar(r: ProtoReader, type: 'string' | 'bytes' | 'bool' | 'int'): string | boolean | number {
  switch (type) {
    case 'string':
      return r.string();
    case 'bytes':
      return Buffer.from(r.bytesField()).toString('base64');
    case 'bool':
      return r.bool();
    case 'int':
      return r.int64();
  }
}

function zeroOf(type: FieldType): unknown {
  if (type === 'string' || type === 'bytes') return '';
  if (type === 'bool') return false;
  if (type === 'int') return 0;
  if ('message' in type) return {};
  if ('custom' in type) return type.custom.zero;
  return undefined;
}

function isZero(value: unknown): boolean {
  if (value === '' || value === false || value === 0 || value === undefined) return true;
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

const mapEntries = new Map<MapValue, MessageSchema>();

/** The {1 key, 2 value} message of one map field's entries. */
function mapEntrySchema(value: MapValue): MessageSchema {
  let schema = mapEntries.get(value);
  if (!schema) {
    schema = {
      name: 'map entry',
      fields: [
        { no: 1, json: 'key', type: 'string' },
        { no: 2, json: 'value', type: value },
      ],
    };
    mapEntries.set(value, schema);
  }
  return schema;
}

/** One `map<string, V>` entry; a missing part is the zero value. */
function readMapEntry(r: ProtoReader, value: MapValue): [string, unknown] {
  const entry = decodeMessage(mapEntrySchema(value), r);
  return [typeof entry.key === 'string' ? entry.key : '', entry.value ?? zeroOf(value)];
}

function readValue(r: ProtoReader, field: FieldSchema): unknown {
  const { type, json } = field;
  if (typeof type === 'string') return readScalar(r, type);
  if ('message' in type) return decodeMessage(type.message, r.message(json));
  if ('custom' in type) return type.custom.decode(r.message(json));
  return readMapEntry(r.message(json), type.map);
}

/** A field a partial schema does not model: fine when it carries Go's zero value, else a 415. */
function refuseIfSet(r: ProtoReader, wireType: number, field: number, message: string): void {
  let zero = false;
  if (wireType === WIRE_VARINT) zero = r.varintBig() === 0n;
  else if (wireType === WIRE_LEN) zero = r.bytesField().length === 0;
  else r.skip(wireType, field);
  if (zero) return;
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - field ${field} of ${message} is not supported in protobuf by the embedded hub; ` +
      'send JSON instead, for example write the object to a file and use `kubectl apply -f`',
  );
}

const numbered = new WeakMap<MessageSchema, ReadonlyMap<number, FieldSchema>>();

function fieldsByNumber(schema: MessageSchema): ReadonlyMap<number, FieldSchema> {
  let map = numbered.get(schema);
  if (!map) {
    map = new Map(schema.fields.map((f) => [f.no, f]));
    numbered.set(schema, map);
  }
  return map;
}

/**
 * Decodes one message into its JSON form. Unknown field numbers are skipped, as Go's generated
 * unmarshallers skip them (a partial schema refuses them when they carry a value); a known field
 * with the wrong wire type is a 400.
 */
export function decodeMessage(schema: MessageSchema, r: ProtoReader): JsonMap {
  const byNumber = fieldsByNumber(schema);
  const seen = new Map<FieldSchema, unknown>();
  while (!r.done()) {
    const tag = r.tag();
    const field = byNumber.get(tag.field);
    if (!field) {
      if (schema.partial) refuseIfSet(r, tag.wireType, tag.field, schema.name);
      else r.skip(tag.wireType, tag.field);
      continue;
    }
    r.expect(tag, wireType(field.type), field.json);
    const value = readValue(r, field);
    if (typeof field.type === 'object' && 'map' in field.type) {
      const map = (seen.get(field) as JsonMap | undefined) ?? {};
      const [k, v] = value as [string, unknown];
      put(map, k, v);
      seen.set(field, map);
    } else if (field.repeated) {
      const list = (seen.get(field) as unknown[] | undefined) ?? [];
      list.push(value);
      seen.set(field, list);
    } else {
      seen.set(field, value); // proto: the last occurrence wins
    }
  }

  const out: JsonMap = {};
  for (const field of schema.fields) {
    const present = seen.has(field);
    const value = seen.get(field);
    if (field.inline) {
      if (present) Object.assign(out, value);
    } else if (field.repeated || (typeof field.type === 'object' && 'map' in field.type)) {
      if (present) out[field.json] = value;
    } else if (present && field.pointer && value !== undefined) {
      out[field.json] = value;
    } else if (present && !isZero(value)) {
      out[field.json] = value;
    } else if (field.always) {
      out[field.json] = present && value !== undefined ? value : zeroOf(field.type);
    }
  }
  return out;
}

function asMap(v: unknown): JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonMap) : {};
}

function writeValue(w: ProtoWriter, field: FieldSchema, value: unknown): void {
  const { no, type } = field;
  if (type === 'string') w.string(no, typeof value === 'string' ? value : '');
  else if (type === 'bytes') w.bytes(no, Buffer.from(typeof value === 'string' ? value : '', 'base64'));
  else if (type === 'bool') w.varint(no, value === true);
  else if (type === 'int') w.varint(no, typeof value === 'number' ? value : 0);
  else if ('message' in type) w.message(no, encodeMessage(type.message, value));
  else if ('custom' in type) w.message(no, type.custom.encode(value));
  else {
    const map = asMap(value);
    // Go's marshallers write map entries sorted by key.
    for (const key of Object.keys(map).sort()) w.message(no, encodeMessage(mapEntrySchema(type.map), { key, value: map[key] }));
  }
}

/** Encodes a JSON object as Go's generated marshallers write the Go object (tests only). */
export function encodeMessage(schema: MessageSchema, json: unknown): ProtoWriter {
  const obj = asMap(json);
  const w = new ProtoWriter();
  for (const field of [...schema.fields].sort((a, b) => a.no - b.no)) {
    const value = obj[field.json];
    if (field.inline) {
      writeValue(w, field, obj);
    } else if (field.repeated) {
      for (const item of Array.isArray(value) ? value : []) writeValue(w, field, item);
    } else if (!field.pointer || value !== undefined) {
      writeValue(w, field, value);
    }
  }
  return w;
}

// apimachinery meta/v1 messages (ObjectMeta, Time, OwnerReference, ManagedFieldsEntry) in
// protobuf, converted to and from the JSON shape the API serves. Field numbers are from
// k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto.
//
// Go's generated marshallers write every non-pointer field, so a kubectl body carries
// `uid: ""`, `generation: 0` and a zero creationTimestamp. JSON omits those (omitempty), and
// so does the decoder: empty strings, zero numbers and zero times are dropped.

import { badRequest } from '../errors.js';
import { ProtoReader, WIRE_LEN, WIRE_VARINT } from './protobuf-reader.js';
import { ProtoWriter } from './protobuf-writer.js';

export type JsonMap = Record<string, unknown>;

/** Defines a plain data property; keys come from the request, so never `obj[key] = v`. */
export function put(obj: JsonMap, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** metav1.Time {1 seconds, 2 nanos} as RFC 3339 with second precision; undefined when zero. */
export function decodeTime(r: ProtoReader): string | undefined {
  let seconds = 0;
  let nanos = 0;
  while (!r.done()) {
    const tag = r.tag();
    if (tag.field === 1) {
      r.expect(tag, WIRE_VARINT, 'seconds');
      seconds = r.int64();
    } else if (tag.field === 2) {
      r.expect(tag, WIRE_VARINT, 'nanos');
      nanos = r.int64();
    } else {
      r.skip(tag.wireType, tag.field);
    }
  }
  if (seconds === 0 && nanos === 0) return undefined;
  const date = new Date(seconds * 1000);
  const year = date.getUTCFullYear();
  // Go refuses to render years outside 0000-9999 in RFC 3339 as well.
  if (Number.isNaN(year) || year < 0 || year > 9999) throw badRequest(`invalid protobuf: timestamp ${seconds}s is out of range`);
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** One `map<string, V>` entry message {1 key, 2 value}; a missing part is the zero value. */
export function decodeMapEntry<V>(r: ProtoReader, readValue: (r: ProtoReader) => V, zero: V): [string, V] {
  let key = '';
  let value = zero;
  while (!r.done()) {
    const tag = r.tag();
    if (tag.field === 1) {
      r.expect(tag, WIRE_LEN, 'key');
      key = r.string();
    } else if (tag.field === 2) {
      r.expect(tag, WIRE_LEN, 'value');
      value = readValue(r);
    } else {
      r.skip(tag.wireType, tag.field);
    }
  }
  return [key, value];
}

export const readString = (r: ProtoReader): string => r.string();
export const readBase64 = (r: ProtoReader): string => Buffer.from(r.bytesField()).toString('base64');

/** Strings of a LEN field into `out[key]` if non-empty (omitempty). */
function setString(out: JsonMap, key: string, value: string): void {
  if (value !== '') put(out, key, value);
}

function decodeOwnerReference(r: ProtoReader): JsonMap {
  const f = { apiVersion: '', kind: '', name: '', uid: '' };
  let controller: boolean | undefined;
  let blockOwnerDeletion: boolean | undefined;
  while (!r.done()) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        r.expect(tag, WIRE_LEN, 'kind');
        f.kind = r.string();
        break;
      case 3:
        r.expect(tag, WIRE_LEN, 'name');
        f.name = r.string();
        break;
      case 4:
        r.expect(tag, WIRE_LEN, 'uid');
        f.uid = r.string();
        break;
      case 5:
        r.expect(tag, WIRE_LEN, 'apiVersion');
        f.apiVersion = r.string();
        break;
      case 6:
        r.expect(tag, WIRE_VARINT, 'controller');
        controller = r.bool();
        break;
      case 7:
        r.expect(tag, WIRE_VARINT, 'blockOwnerDeletion');
        blockOwnerDeletion = r.bool();
        break;
      default:
        r.skip(tag.wireType, tag.field);
    }
  }
  // apiVersion, kind, name and uid have no omitempty in the JSON tags.
  const out: JsonMap = { ...f };
  if (controller !== undefined) out.controller = controller;
  if (blockOwnerDeletion !== undefined) out.blockOwnerDeletion = blockOwnerDeletion;
  return out;
}

function decodeManagedFieldsEntry(r: ProtoReader): JsonMap {
  const out: JsonMap = {};
  while (!r.done()) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        r.expect(tag, WIRE_LEN, 'manager');
        setString(out, 'manager', r.string());
        break;
      case 2:
        r.expect(tag, WIRE_LEN, 'operation');
        setString(out, 'operation', r.string());
        break;
      case 3:
        r.expect(tag, WIRE_LEN, 'apiVersion');
        setString(out, 'apiVersion', r.string());
        break;
      case 4: {
        r.expect(tag, WIRE_LEN, 'time');
        const time = decodeTime(r.message('time'));
        if (time) out.time = time;
        break;
      }
      case 6:
        r.expect(tag, WIRE_LEN, 'fieldsType');
        setString(out, 'fieldsType', r.string());
        break;
      case 7: {
        r.expect(tag, WIRE_LEN, 'fieldsV1');
        // FieldsV1 {1 Raw}: the raw bytes are the JSON the field set is served as.
        const fr = r.message('fieldsV1');
        let raw = '{}';
        while (!fr.done()) {
          const t = fr.tag();
          if (t.field === 1) {
            fr.expect(t, WIRE_LEN, 'Raw');
            raw = fr.string();
          } else fr.skip(t.wireType, t.field);
        }
        try {
          out.fieldsV1 = JSON.parse(raw) as unknown;
        } catch {
          throw badRequest('invalid protobuf: managedFields fieldsV1 is not valid JSON');
        }
        break;
      }
      case 8:
        r.expect(tag, WIRE_LEN, 'subresource');
        setString(out, 'subresource', r.string());
        break;
      default:
        r.skip(tag.wireType, tag.field);
    }
  }
  return out;
}

/** ObjectMeta. Keys follow the order the real API server serves them in. */
export function decodeObjectMeta(r: ProtoReader): JsonMap {
  const s: Record<string, string> = {};
  let generation = 0;
  let creationTimestamp: string | undefined;
  let deletionTimestamp: string | undefined;
  let deletionGracePeriodSeconds: number | undefined;
  const labels: JsonMap = {};
  const annotations: JsonMap = {};
  let haveLabels = false;
  let haveAnnotations = false;
  const ownerReferences: JsonMap[] = [];
  const finalizers: string[] = [];
  const managedFields: JsonMap[] = [];
  const STRINGS: Record<number, string> = { 1: 'name', 2: 'generateName', 3: 'namespace', 4: 'selfLink', 5: 'uid', 6: 'resourceVersion' };

  while (!r.done()) {
    const tag = r.tag();
    const stringName = STRINGS[tag.field];
    if (stringName) {
      r.expect(tag, WIRE_LEN, stringName);
      s[stringName] = r.string();
      continue;
    }
    switch (tag.field) {
      case 7:
        r.expect(tag, WIRE_VARINT, 'generation');
        generation = r.int64();
        break;
      case 8:
        r.expect(tag, WIRE_LEN, 'creationTimestamp');
        creationTimestamp = decodeTime(r.message('creationTimestamp'));
        break;
      case 9:
        r.expect(tag, WIRE_LEN, 'deletionTimestamp');
        deletionTimestamp = decodeTime(r.message('deletionTimestamp'));
        break;
      case 10:
        r.expect(tag, WIRE_VARINT, 'deletionGracePeriodSeconds');
        deletionGracePeriodSeconds = r.int64();
        break;
      case 11: {
        r.expect(tag, WIRE_LEN, 'labels');
        const [k, v] = decodeMapEntry(r.message('labels'), readString, '');
        put(labels, k, v);
        haveLabels = true;
        break;
      }
      case 12: {
        r.expect(tag, WIRE_LEN, 'annotations');
        const [k, v] = decodeMapEntry(r.message('annotations'), readString, '');
        put(annotations, k, v);
        haveAnnotations = true;
        break;
      }
      case 13:
        r.expect(tag, WIRE_LEN, 'ownerReferences');
        ownerReferences.push(decodeOwnerReference(r.message('ownerReferences')));
        break;
      case 14:
        r.expect(tag, WIRE_LEN, 'finalizers');
        finalizers.push(r.string());
        break;
      case 17:
        r.expect(tag, WIRE_LEN, 'managedFields');
        managedFields.push(decodeManagedFieldsEntry(r.message('managedFields')));
        break;
      default:
        r.skip(tag.wireType, tag.field);
    }
  }

  const out: JsonMap = {};
  for (const key of ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion']) setString(out, key, s[key] ?? '');
  if (generation !== 0) out.generation = generation;
  if (creationTimestamp) out.creationTimestamp = creationTimestamp;
  if (deletionTimestamp) out.deletionTimestamp = deletionTimestamp;
  if (deletionGracePeriodSeconds !== undefined) out.deletionGracePeriodSeconds = deletionGracePeriodSeconds;
  if (haveLabels) out.labels = labels;
  if (haveAnnotations) out.annotations = annotations;
  if (ownerReferences.length) out.ownerReferences = ownerReferences;
  if (finalizers.length) out.finalizers = finalizers;
  if (managedFields.length) out.managedFields = managedFields;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Encoding (tests only). Mirrors Go's generated marshallers: non-pointer fields always written,
// map entries sorted by key.

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function asMap(v: unknown): JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonMap) : {};
}

export function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function encodeTime(rfc3339: unknown): ProtoWriter {
  const ms = typeof rfc3339 === 'string' ? Date.parse(rfc3339) : NaN;
  const seconds = Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
  return new ProtoWriter().varint(1, seconds).varint(2, 0);
}

export function encodeStringMap(
  w: ProtoWriter,
  field: number,
  map: unknown,
  value: (v: unknown) => Uint8Array = (v) => new TextEncoder().encode(str(v)),
): void {
  const m = asMap(map);
  for (const key of Object.keys(m).sort()) {
    w.message(field, new ProtoWriter().string(1, key).bytes(2, value(m[key])));
  }
}

export function encodeObjectMeta(meta: unknown): ProtoWriter {
  const m = asMap(meta);
  const w = new ProtoWriter()
    .string(1, str(m.name))
    .string(2, str(m.generateName))
    .string(3, str(m.namespace))
    .string(4, str(m.selfLink))
    .string(5, str(m.uid))
    .string(6, str(m.resourceVersion))
    .varint(7, typeof m.generation === 'number' ? m.generation : 0)
    .message(8, encodeTime(m.creationTimestamp));
  if (m.deletionTimestamp !== undefined) w.message(9, encodeTime(m.deletionTimestamp));
  if (typeof m.deletionGracePeriodSeconds === 'number') w.varint(10, m.deletionGracePeriodSeconds);
  encodeStringMap(w, 11, m.labels);
  encodeStringMap(w, 12, m.annotations);
  for (const ref of asList(m.ownerReferences)) {
    const o = asMap(ref);
    const rw = new ProtoWriter().string(1, str(o.kind)).string(3, str(o.name)).string(4, str(o.uid)).string(5, str(o.apiVersion));
    if (typeof o.controller === 'boolean') rw.varint(6, o.controller);
    if (typeof o.blockOwnerDeletion === 'boolean') rw.varint(7, o.blockOwnerDeletion);
    w.message(13, rw);
  }
  for (const f of asList(m.finalizers)) w.string(14, str(f));
  for (const entry of asList(m.managedFields)) {
    const e = asMap(entry);
    const ew = new ProtoWriter().string(1, str(e.manager)).string(2, str(e.operation)).string(3, str(e.apiVersion));
    if (e.time !== undefined) ew.message(4, encodeTime(e.time));
    ew.string(6, str(e.fieldsType));
    if (e.fieldsV1 !== undefined) ew.message(7, new ProtoWriter().string(1, JSON.stringify(e.fieldsV1)));
    ew.string(8, str(e.subresource));
    w.message(17, ew);
  }
  return w;
}

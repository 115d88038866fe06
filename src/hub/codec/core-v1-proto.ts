// core/v1 ConfigMap, Secret, Namespace and ServiceAccount in protobuf: the kinds that
// `kubectl create configmap|secret|namespace|serviceaccount` POST as protobuf. Field numbers are
// from k8s.io/api/core/v1/generated.proto. Decoders produce the JSON shape the API serves
// (bytes as base64 strings, omitempty fields dropped); struct fields left empty (a Namespace's
// `spec`/`status` from `kubectl create namespace`) are dropped too, so the object matches what
// a JSON client would have sent.

import { ProtoReader, WIRE_LEN, WIRE_VARINT } from './protobuf-reader.js';
import { ProtoWriter } from './protobuf-writer.js';
import {
  asList,
  asMap,
  decodeMapEntry,
  decodeObjectMeta,
  decodeTime,
  encodeObjectMeta,
  encodeStringMap,
  encodeTime,
  put,
  readBase64,
  readString,
  str,
  type JsonMap,
} from './meta-v1-proto.js';

type Body = JsonMap;

function mapField(r: ProtoReader, target: JsonMap, name: string, readValue: (r: ProtoReader) => string): void {
  const [k, v] = decodeMapEntry(r.message(name), readValue, '');
  put(target, k, v);
}

export function decodeConfigMap(r: ProtoReader): Body {
  let metadata: JsonMap = {};
  let immutable: boolean | undefined;
  const data: JsonMap = {};
  const binaryData: JsonMap = {};
  while (!r.done()) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        r.expect(tag, WIRE_LEN, 'metadata');
        metadata = decodeObjectMeta(r.message('metadata'));
        break;
      case 2:
        r.expect(tag, WIRE_LEN, 'data');
        mapField(r, data, 'data', readString);
        break;
      case 3:
        r.expect(tag, WIRE_LEN, 'binaryData');
        mapField(r, binaryData, 'binaryData', readBase64);
        break;
      case 4:
        r.expect(tag, WIRE_VARINT, 'immutable');
        immutable = r.bool();
        break;
      default:
        r.skip(tag.wireType, tag.field);
    }
  }
  const out: Body = { metadata };
  if (immutable !== undefined) out.immutable = immutable;
  if (Object.keys(data).length) out.data = data;
  if (Object.keys(binaryData).length) out.binaryData = binaryData;
  return out;
}

export function decodeSecret(r: ProtoReader): Body {
  let metadata: JsonMap = {};
  let immutable: boolean | undefined;
  let type = '';
  const data: JsonMap = {};
  const stringData: JsonMap = {};
  while (!r.done()) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        r.expect(tag, WIRE_LEN, 'metadata');
        metadata = decodeObjectMeta(r.message('metadata'));
        break;
      case 2:
        r.expect(tag, WIRE_LEN, 'data');
        // map<string, bytes>: JSON carries the bytes base64-encoded.
        mapField(r, data, 'data', readBase64);
        break;
      case 3:
        r.expect(tag, WIRE_LEN, 'type');
        type = r.string();
        break;
      case 4:
        r.expect(tag, WIRE_LEN, 'stringData');
        mapField(r, stringData, 'stringData', readString);
        break;
      case 5:
        r.expect(tag, WIRE_VARINT, 'immutable');
        immutable = r.bool();
        break;
      default:
        r.skip(tag.wireType, tag.field);
    }
  }
  const out: Body = { metadata };
  if (immutable !== undefined) out.immutable = immutable;
  if (Object.keys(data).length) out.data = data;
  if (Object.keys(stringData).length) out.stringData = stringData;
  if (type) out.type = type;
  return out;
}

function decodeNamespaceCondition(r: ProtoReader): JsonMap {
  let type = '';
  let status = '';
  let lastTransitionTime: string | undefined;
  let reason = '';
  let message = '';
  while (!r.done()) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        r.expect(tag, WIRE_LEN, 'type');
        type = r.string();
        break;
      case 2:
        r.expect(tag, WIRE_LEN, 'status');
        status = r.string();
        break;
      case 4:
        r.expect(tag, WIRE_LEN, 'lastTransitionTime');
        lastTransitionTime = decodeTime(r.message('lastTransitionTime'));
        break;
      case 5:
        r.expect(tag, WIRE_LEN, 'reason');
        reason = r.string();
        break;
      case 6:
        r.expect(tag, WIRE_LEN, 'message');
        message = r.string();
        break;
      default:
        r.skip(tag.wireType, tag.field);
    }
  }
  const out: JsonMap = { type, status };
  if (lastTransitionTime) out.lastTransitionTime = lastTransitionTime;
  if (reason) out.reason = reason;
  if (message) out.message = message;
  return out;
}

export function decodeNamespace(r: ProtoReader): Body {
  let metadata: JsonMap = {};
  const finalizers: string[] = [];
  let phase = '';
  const conditions: JsonMap[] = [];
  while (!r.done()) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        r.expect(tag, WIRE_LEN, 'metadata');
        metadata = decodeObjectMeta(r.message('metadata'));
        break;
      case 2: {
        r.expect(tag, WIRE_LEN, 'spec');
        const sr = r.message('spec');
        while (!sr.done()) {
          const t = sr.tag();
          if (t.field === 1) {
            sr.expect(t, WIRE_LEN, 'finalizers');
            finalizers.push(sr.string());
          } else sr.skip(t.wireType, t.field);
        }
        break;
      }
      case 3: {
        r.expect(tag, WIRE_LEN, 'status');
        const sr = r.message('status');
        while (!sr.done()) {
          const t = sr.tag();
          if (t.field === 1) {
            sr.expect(t, WIRE_LEN, 'phase');
            phase = sr.string();
          } else if (t.field === 2) {
            sr.expect(t, WIRE_LEN, 'conditions');
            conditions.push(decodeNamespaceCondition(sr.message('conditions')));
          } else sr.skip(t.wireType, t.field);
        }
        break;
      }
      default:
        r.skip(tag.wireType, tag.field);
    }
  }
  const out: Body = { metadata };
  if (finalizers.length) out.spec = { finalizers };
  const status: JsonMap = {};
  if (phase) status.phase = phase;
  if (conditions.length) status.conditions = conditions;
  if (Object.keys(status).length) out.status = status;
  return out;
}

function decodeObjectReference(r: ProtoReader): JsonMap {
  const NAMES: Record<number, string> = { 1: 'kind', 2: 'namespace', 3: 'name', 4: 'uid', 5: 'apiVersion', 6: 'resourceVersion', 7: 'fieldPath' };
  const out: JsonMap = {};
  while (!r.done()) {
    const tag = r.tag();
    const name = NAMES[tag.field];
    if (!name) {
      r.skip(tag.wireType, tag.field);
      continue;
    }
    r.expect(tag, WIRE_LEN, name);
    const value = r.string();
    if (value) out[name] = value;
  }
  return out;
}

function decodeLocalObjectReference(r: ProtoReader): JsonMap {
  const out: JsonMap = {};
  while (!r.done()) {
    const tag = r.tag();
    if (tag.field === 1) {
      r.expect(tag, WIRE_LEN, 'name');
      const name = r.string();
      if (name) out.name = name;
    } else r.skip(tag.wireType, tag.field);
  }
  return out;
}

export function decodeServiceAccount(r: ProtoReader): Body {
  let metadata: JsonMap = {};
  const secrets: JsonMap[] = [];
  const imagePullSecrets: JsonMap[] = [];
  let automount: boolean | undefined;
  while (!r.done()) {
    const tag = r.tag();
    switch (tag.field) {
      case 1:
        r.expect(tag, WIRE_LEN, 'metadata');
        metadata = decodeObjectMeta(r.message('metadata'));
        break;
      case 2:
        r.expect(tag, WIRE_LEN, 'secrets');
        secrets.push(decodeObjectReference(r.message('secrets')));
        break;
      case 3:
        r.expect(tag, WIRE_LEN, 'imagePullSecrets');
        imagePullSecrets.push(decodeLocalObjectReference(r.message('imagePullSecrets')));
        break;
      case 4:
        r.expect(tag, WIRE_VARINT, 'automountServiceAccountToken');
        automount = r.bool();
        break;
      default:
        r.skip(tag.wireType, tag.field);
    }
  }
  const out: Body = { metadata };
  if (secrets.length) out.secrets = secrets;
  if (imagePullSecrets.length) out.imagePullSecrets = imagePullSecrets;
  if (automount !== undefined) out.automountServiceAccountToken = automount;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Encoding (tests only), written the way Go's generated marshallers write it.

const base64Bytes = (v: unknown): Uint8Array => Buffer.from(str(v), 'base64');

export function encodeConfigMap(obj: JsonMap): ProtoWriter {
  const w = new ProtoWriter().message(1, encodeObjectMeta(obj.metadata));
  encodeStringMap(w, 2, obj.data);
  encodeStringMap(w, 3, obj.binaryData, base64Bytes);
  if (typeof obj.immutable === 'boolean') w.varint(4, obj.immutable);
  return w;
}

export function encodeSecret(obj: JsonMap): ProtoWriter {
  const w = new ProtoWriter().message(1, encodeObjectMeta(obj.metadata));
  encodeStringMap(w, 2, obj.data, base64Bytes);
  w.string(3, str(obj.type));
  encodeStringMap(w, 4, obj.stringData);
  if (typeof obj.immutable === 'boolean') w.varint(5, obj.immutable);
  return w;
}

export function encodeNamespace(obj: JsonMap): ProtoWriter {
  const spec = new ProtoWriter();
  for (const f of asList(asMap(obj.spec).finalizers)) spec.string(1, str(f));
  const status = asMap(obj.status);
  const sw = new ProtoWriter().string(1, str(status.phase));
  for (const c of asList(status.conditions)) {
    const m = asMap(c);
    const cw = new ProtoWriter().string(1, str(m.type)).string(2, str(m.status)).message(4, encodeTime(m.lastTransitionTime));
    cw.string(5, str(m.reason)).string(6, str(m.message));
    sw.message(2, cw);
  }
  return new ProtoWriter().message(1, encodeObjectMeta(obj.metadata)).message(2, spec).message(3, sw);
}

export function encodeServiceAccount(obj: JsonMap): ProtoWriter {
  const w = new ProtoWriter().message(1, encodeObjectMeta(obj.metadata));
  for (const s of asList(obj.secrets)) {
    const m = asMap(s);
    const rw = new ProtoWriter();
    ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'].forEach((key, i) => rw.string(i + 1, str(m[key])));
    w.message(2, rw);
  }
  for (const s of asList(obj.imagePullSecrets)) w.message(3, new ProtoWriter().string(1, str(asMap(s).name)));
  if (typeof obj.automountServiceAccountToken === 'boolean') w.varint(4, obj.automountServiceAccountToken);
  return w;
}

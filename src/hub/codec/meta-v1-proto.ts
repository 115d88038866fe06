// apimachinery meta/v1 messages (ObjectMeta, Time, OwnerReference, ManagedFieldsEntry,
// LabelSelector, Condition) and util/intstr's IntOrString as protobuf schemas. Field numbers are
// from k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto, JSON names and omitempty from the Go
// types.
//
// Go's generated marshallers write every non-pointer field, so a kubectl body carries
// `uid: ""`, `generation: 0` and a zero creationTimestamp. JSON omits those (omitempty), and
// so does the decoder: empty strings, zero numbers and zero times are dropped.

import { badRequest } from '../errors.js';
import { decodeMessage, encodeMessage, type CustomType, type MessageSchema } from './proto-schema.js';

// The wire forms of the custom types below, read with the one decoder.
const TIME_WIRE: MessageSchema = {
  name: 'Time',
  fields: [
    { no: 1, json: 'seconds', type: 'int' },
    { no: 2, json: 'nanos', type: 'int' },
  ],
};
const FIELDS_V1_WIRE: MessageSchema = { name: 'FieldsV1', fields: [{ no: 1, json: 'Raw', type: 'string' }] };
const QUANTITY_WIRE: MessageSchema = { name: 'Quantity', fields: [{ no: 1, json: 'string', type: 'string' }] };
const INT_OR_STRING_WIRE: MessageSchema = {
  name: 'IntOrString',
  fields: [
    { no: 1, json: 'type', type: 'int' },
    { no: 2, json: 'intVal', type: 'int' },
    { no: 3, json: 'strVal', type: 'string' },
  ],
};

/** metav1.Time {1 seconds, 2 nanos} as RFC 3339 with second precision; undefined when zero. */
export const TIME: CustomType = {
  decode(r) {
    const { seconds = 0, nanos = 0 } = decodeMessage(TIME_WIRE, r) as { seconds?: number; nanos?: number };
    if (seconds === 0 && nanos === 0) return undefined;
    const date = new Date(seconds * 1000);
    const year = date.getUTCFullYear();
    // Go refuses to render years outside 0000-9999 in RFC 3339 as well.
    if (Number.isNaN(year) || year < 0 || year > 9999) throw badRequest(`invalid protobuf: timestamp ${seconds}s is out of range`);
    return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  },
  encode(rfc3339) {
    const ms = typeof rfc3339 === 'string' ? Date.parse(rfc3339) : NaN;
    const seconds = Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
    return encodeMessage(TIME_WIRE, { seconds, nanos: 0 });
  },
  // A zero metav1.Time is served as null.
  zero: null,
};

/** FieldsV1 {1 Raw}: the raw bytes are the JSON the field set is served as. */
const FIELDS_V1: CustomType = {
  decode(r) {
    const { Raw = '{}' } = decodeMessage(FIELDS_V1_WIRE, r) as { Raw?: string };
    try {
      return JSON.parse(Raw) as unknown;
    } catch {
      throw badRequest('invalid protobuf: managedFields fieldsV1 is not valid JSON');
    }
  },
  encode: (value) => encodeMessage(FIELDS_V1_WIRE, { Raw: JSON.stringify(value) }),
};

/** intstr.IntOrString {1 type, 2 intVal, 3 strVal}: a number or a string in JSON. */
export const INT_OR_STRING: CustomType = {
  decode(r) {
    const { type = 0, intVal = 0, strVal = '' } = decodeMessage(INT_OR_STRING_WIRE, r) as { type?: number; intVal?: number; strVal?: string };
    if (type === 1) return strVal;
    return intVal === 0 ? undefined : intVal;
  },
  encode: (value) => encodeMessage(INT_OR_STRING_WIRE, typeof value === 'string' ? { type: 1, strVal: value } : { type: 0, intVal: value }),
};

const OWNER_REFERENCE: MessageSchema = {
  name: 'OwnerReference',
  fields: [
    { no: 5, json: 'apiVersion', type: 'string', always: true },
    { no: 1, json: 'kind', type: 'string', always: true },
    { no: 3, json: 'name', type: 'string', always: true },
    { no: 4, json: 'uid', type: 'string', always: true },
    { no: 6, json: 'controller', type: 'bool', pointer: true },
    { no: 7, json: 'blockOwnerDeletion', type: 'bool', pointer: true },
  ],
};

const MANAGED_FIELDS_ENTRY: MessageSchema = {
  name: 'ManagedFieldsEntry',
  fields: [
    { no: 1, json: 'manager', type: 'string' },
    { no: 2, json: 'operation', type: 'string' },
    { no: 3, json: 'apiVersion', type: 'string' },
    { no: 4, json: 'time', type: { custom: TIME }, pointer: true },
    { no: 6, json: 'fieldsType', type: 'string' },
    { no: 7, json: 'fieldsV1', type: { custom: FIELDS_V1 }, pointer: true },
    { no: 8, json: 'subresource', type: 'string' },
  ],
};

export const OBJECT_META: MessageSchema = {
  name: 'ObjectMeta',
  fields: [
    { no: 1, json: 'name', type: 'string' },
    { no: 2, json: 'generateName', type: 'string' },
    { no: 3, json: 'namespace', type: 'string' },
    { no: 4, json: 'selfLink', type: 'string' },
    { no: 5, json: 'uid', type: 'string' },
    { no: 6, json: 'resourceVersion', type: 'string' },
    { no: 7, json: 'generation', type: 'int' },
    { no: 8, json: 'creationTimestamp', type: { custom: TIME } },
    { no: 9, json: 'deletionTimestamp', type: { custom: TIME }, pointer: true },
    { no: 10, json: 'deletionGracePeriodSeconds', type: 'int', pointer: true },
    { no: 11, json: 'labels', type: { map: 'string' } },
    { no: 12, json: 'annotations', type: { map: 'string' } },
    { no: 13, json: 'ownerReferences', type: { message: OWNER_REFERENCE }, repeated: true },
    { no: 14, json: 'finalizers', type: 'string', repeated: true },
    { no: 17, json: 'managedFields', type: { message: MANAGED_FIELDS_ENTRY }, repeated: true },
  ],
};

/** The `metadata` field every kind has as field 1; served even when empty. */
export const METADATA_FIELD = { no: 1, json: 'metadata', type: { message: OBJECT_META }, always: true } as const;

const LABEL_SELECTOR_REQUIREMENT: MessageSchema = {
  name: 'LabelSelectorRequirement',
  fields: [
    { no: 1, json: 'key', type: 'string', always: true },
    { no: 2, json: 'operator', type: 'string', always: true },
    { no: 3, json: 'values', type: 'string', repeated: true },
  ],
};

export const LABEL_SELECTOR: MessageSchema = {
  name: 'LabelSelector',
  fields: [
    { no: 1, json: 'matchLabels', type: { map: 'string' } },
    { no: 2, json: 'matchExpressions', type: { message: LABEL_SELECTOR_REQUIREMENT }, repeated: true },
  ],
};

/** metav1.Condition (not the older per-kind condition types). */
export const CONDITION: MessageSchema = {
  name: 'Condition',
  fields: [
    { no: 1, json: 'type', type: 'string', always: true },
    { no: 2, json: 'status', type: 'string', always: true },
    { no: 3, json: 'observedGeneration', type: 'int' },
    { no: 4, json: 'lastTransitionTime', type: { custom: TIME }, always: true },
    { no: 5, json: 'reason', type: 'string', always: true },
    { no: 6, json: 'message', type: 'string', always: true },
  ],
};

/** resource.Quantity {1 string}: its string in JSON. */
export const QUANTITY: CustomType = {
  decode(r) {
    const { string = '' } = decodeMessage(QUANTITY_WIRE, r) as { string?: string };
    return string === '' ? undefined : string;
  },
  encode: (value) => encodeMessage(QUANTITY_WIRE, { string: value }),
  zero: '',
};

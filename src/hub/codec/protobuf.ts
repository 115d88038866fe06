// `application/vnd.kubernetes.protobuf` request bodies. kubectl's imperative generators
// (`kubectl create configmap|secret|namespace|serviceaccount|service|role|clusterrole|rolebinding|
// clusterrolebinding|job|quota`) send them and have no JSON fallback, so the hub decodes those kinds (their
// schemas in core-v1-proto.ts, rbac-v1-proto.ts and batch-v1-proto.ts) and refuses the rest with a
// 415 telling the user what does work.
//
// Envelope (apimachinery runtime/serializer/protobuf): the magic `k8s\0`, then a
// runtime.Unknown {1 typeMeta{1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType}
// whose `raw` is the object's own message.

import { ApiError, badRequest } from '../errors.js';
import { JOB } from './batch-v1-proto.js';
import { CONFIG_MAP, NAMESPACE, RESOURCE_QUOTA, SECRET, SERVICE, SERVICE_ACCOUNT } from './core-v1-proto.js';
import { decodeMessage, encodeMessage, type MessageSchema } from './proto-schema.js';
import { CLUSTER_ROLE, CLUSTER_ROLE_BINDING, ROLE, ROLE_BINDING } from './rbac-v1-proto.js';
import { ProtoReader, WIRE_LEN } from './protobuf-reader.js';
import { ProtoWriter } from './protobuf-writer.js';

export const KUBE_PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]); // "k8s\0"

export interface DecodedKubeObject {
  apiVersion: string;
  kind: string;
  /** The object in its JSON form, apiVersion and kind included. */
  object: Record<string, unknown>;
}

// The key is `<apiVersion>/<Kind>`, so that `foo/v1 ConfigMap` is refused.
const SCHEMAS: ReadonlyMap<string, MessageSchema> = new Map([
  ['v1/ConfigMap', CONFIG_MAP],
  ['v1/Secret', SECRET],
  ['v1/Namespace', NAMESPACE],
  ['v1/ServiceAccount', SERVICE_ACCOUNT],
  ['v1/Service', SERVICE],
  ['v1/ResourceQuota', RESOURCE_QUOTA],
  ['rbac.authorization.k8s.io/v1/Role', ROLE],
  ['rbac.authorization.k8s.io/v1/ClusterRole', CLUSTER_ROLE],
  ['rbac.authorization.k8s.io/v1/RoleBinding', ROLE_BINDING],
  ['rbac.authorization.k8s.io/v1/ClusterRoleBinding', CLUSTER_ROLE_BINDING],
  ['batch/v1/Job', JOB],
]);

/** What the 415 answer lists. */
const ACCEPTED =
  'v1 ConfigMap, Secret, Namespace, ServiceAccount, Service and ResourceQuota, rbac.authorization.k8s.io/v1 Role, ClusterRole, RoleBinding and ClusterRoleBinding, and batch/v1 Job';

function schemaFor(apiVersion: string, kind: string): MessageSchema {
  const schema = SCHEMAS.get(`${apiVersion}/${kind}`);
  if (schema) return schema;
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - protobuf is only accepted for ${ACCEPTED}, ` +
      `not ${apiVersion || '<no apiVersion>'} ${kind || '<no kind>'}; send JSON instead, for example write the object to a file and use \`kubectl apply -f\``,
  );
}

interface Unknown {
  apiVersion: string;
  kind: string;
  raw: Uint8Array | undefined;
  contentEncoding: string;
}

function readUnknown(r: ProtoReader): Unknown {
  const u: Unknown = { apiVersion: '', kind: '', raw: undefined, contentEncoding: '' };
  while (!r.done()) {
    const tag = r.tag();
    switch (tag.field) {
      case 1: {
        r.expect(tag, WIRE_LEN, 'typeMeta');
        const tm = r.message('typeMeta');
        while (!tm.done()) {
          const t = tm.tag();
          if (t.field === 1) {
            tm.expect(t, WIRE_LEN, 'apiVersion');
            u.apiVersion = tm.string();
          } else if (t.field === 2) {
            tm.expect(t, WIRE_LEN, 'kind');
            u.kind = tm.string();
          } else tm.skip(t.wireType, t.field);
        }
        break;
      }
      case 2:
        r.expect(tag, WIRE_LEN, 'raw');
        u.raw = r.bytesField();
        break;
      case 3:
        r.expect(tag, WIRE_LEN, 'contentEncoding');
        u.contentEncoding = r.string();
        break;
      default:
        // 4 contentType says "protobuf" or nothing; the Content-Type header already did.
        r.skip(tag.wireType, tag.field);
    }
  }
  return u;
}

/** Decodes a protobuf request body into the JSON object the rest of the server works with. */
export function decodeKubeProtobuf(body: Buffer): DecodedKubeObject {
  if (body.length < KUBE_PROTOBUF_MAGIC.length || !body.subarray(0, KUBE_PROTOBUF_MAGIC.length).equals(KUBE_PROTOBUF_MAGIC)) {
    throw badRequest('invalid protobuf body: it does not start with the Kubernetes protobuf prefix "k8s\\x00"');
  }
  const unknown = readUnknown(new ProtoReader(body, 'runtime.Unknown', KUBE_PROTOBUF_MAGIC.length));
  if (!unknown.kind) throw badRequest('invalid protobuf body: runtime.Unknown has no typeMeta.kind');
  // kubectl always sends raw (Go writes the object's metadata even when empty); a body without
  // it is cut short, and decoding it as an empty object would hide that.
  if (!unknown.raw) throw badRequest('invalid protobuf body: runtime.Unknown has no raw object');
  if (unknown.contentEncoding) {
    throw badRequest(`invalid protobuf body: unsupported contentEncoding ${JSON.stringify(unknown.contentEncoding)}`);
  }
  const schema = schemaFor(unknown.apiVersion, unknown.kind);
  const fields = decodeMessage(schema, new ProtoReader(unknown.raw, unknown.kind));
  return {
    apiVersion: unknown.apiVersion,
    kind: unknown.kind,
    object: { apiVersion: unknown.apiVersion, kind: unknown.kind, ...fields },
  };
}

/**
 * Encodes a JSON object of one of the supported kinds the way kubectl does. Only tests need
 * this (to build realistic bodies); the hub always answers in JSON.
 */
export function encodeKubeProtobuf(apiVersion: string, kind: string, object: Record<string, unknown>): Buffer {
  const raw = encodeMessage(schemaFor(apiVersion, kind), object).finish();
  const unknown = new ProtoWriter().message(1, new ProtoWriter().string(1, apiVersion).string(2, kind)).bytes(2, raw).string(3, '').string(4, '');
  return Buffer.concat([KUBE_PROTOBUF_MAGIC, unknown.finish()]);
}

import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest, tooLarge, unsupportedMediaType } from '../errors.js';
import { decodeKubeProtobuf } from '../codec/protobuf.js';
import { PATCH_CONTENT_TYPES, type PatchType } from '../rest/patching.js';
import { decodeYaml, YamlError } from '../codec/yaml.js';
import { jsonTextTooDeep } from '../../util/json-depth.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type ResponseFormat = 'json' | 'table';

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * kubectl asks for Tables with `application/json;as=Table;v=v1;g=meta.k8s.io`; protobuf is offered
 * by some commands alongside JSON, and JSON is always an acceptable answer then.
 */
export function responseFormat(accept: string | undefined): ResponseFormat {
  if (!accept) return 'json';
  for (const part of accept.split(',')) {
    const params = part.split(';').map((p) => p.trim());
    const base = params[0].toLowerCase();
    if (base !== 'application/json') continue;
    const kv = new Map(params.slice(1).map((p) => p.split('=').map((x) => x.trim()) as [string, string]));
    if (kv.get('as') === 'Table' && kv.get('g') === 'meta.k8s.io' && (kv.get('v') === 'v1' || kv.get('v') === 'v1beta1')) return 'table';
  }
  return 'json';
}

export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const base = part.split(';')[0].trim().toLowerCase();
    return base === 'application/json' || base === '*/*' || base === 'application/*' || base === 'application/yaml';
  });
}

/**
 * Reads the request body, refusing more than MAX_BODY_BYTES without buffering the excess. With
 * 'data' events rather than an async iterator: every write request comes through here, and the
 * iterator's machinery cost ~5 % of the hub's CPU on a stream of small creates.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return Promise.reject(tooLarge(MAX_BODY_BYTES));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (err?: unknown): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', done);
      req.off('close', onClose);
      if (err) reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop reading; the caller answers 413 and the connection is closed, as before.
        req.pause();
        done(tooLarge(MAX_BODY_BYTES));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    // A client that goes away before the end: the request is over, as the iterator reported it.
    const onClose = (): void => {
      if (!req.complete) done(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', done);
    req.on('close', onClose);
  });
}

const WRITE_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const JSON_TYPES = new Set(['application/json', '']);
const YAML_TYPES = new Set(['application/yaml', 'application/x-yaml', 'text/yaml']);
const PROTOBUF_TYPE = 'application/vnd.kubernetes.protobuf';

export type BodyFormat = 'json' | 'yaml' | 'protobuf';

/** The format of a create/update body, refused with 415 before the body is read, as upstream. */
export function objectBodyFormat(contentType: string | undefined): BodyFormat {
  const type = mediaType(contentType);
  if (JSON_TYPES.has(type)) return 'json';
  if (YAML_TYPES.has(type)) return 'yaml';
  if (type === PROTOBUF_TYPE) return 'protobuf';
  throw unsupportedMediaType(WRITE_TYPES);
}

/** Decodes a create/update body. `expectedKind` only shapes the error text. */
export function decodeObjectBody(format: BodyFormat, body: Buffer, expectedKind: string): unknown {
  switch (format) {
    case 'json':
      return parseJsonBody(body, (why) => unrecognized(expectedKind, `couldn't get version/kind; json parse error: ${why}`, body));
    case 'yaml':
      return parseYamlBody(body, (why) => unrecognized(expectedKind, `error converting YAML to JSON: ${why}`, body));
    case 'protobuf':
      if (body.length === 0) throw unrecognized(expectedKind, 'empty body', body);
      return decodeKubeProtobuf(body).object;
  }
}

/** The patch type of a PATCH, refused with 415 before the body is read. */
export function patchTypeOf(contentType: string | undefined, accepted: string[]): PatchType {
  const type = PATCH_CONTENT_TYPES[mediaType(contentType)];
  if (!type) throw unsupportedMediaType(accepted);
  return type;
}

export function decodePatchBody(type: PatchType, body: Buffer): unknown {
  if (body.length === 0) throw badRequest('the body of the request is empty');
  // Apply patches are YAML (JSON is valid YAML); the others are JSON.
  if (type === 'apply') return parseYamlBody(body, (why) => badRequest(`error decoding YAML: ${why}`));
  return parseJsonBody(body, (why) => badRequest(`the object provided is unrecognized (must be of type patch): json parse error: ${why}`));
}

/** JSON within the hub's nesting limit; `fail` turns Go's wording of the problem into the error. */
export function parseJsonBody(body: Buffer, fail: (why: string) => ApiError): unknown {
  if (body.length === 0) throw fail('unexpected end of JSON input');
  const deep = jsonTextTooDeep(body);
  if (deep) throw fail(`invalid character '${deep}' exceeded max depth`);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw fail((err as Error).message);
  }
}

export function parseYamlBody(body: Buffer, fail: (why: string) => ApiError): unknown {
  try {
    return decodeYaml(body.toString('utf8'));
  } catch (err) {
    if (err instanceof YamlError) throw fail(err.message);
    throw err;
  }
}

/** apiserver's transformDecodeError for a body it could not even read the kind of. */
function unrecognized(kind: string, why: string, body: Buffer): ApiError {
  return badRequest(`the object provided is unrecognized (must be of type ${kind}): ${why} (${summarizeData(body)})`);
}

/** apiserver's summarizeData: the start of a JSON object as text, anything else in hex. */
function summarizeData(body: Buffer, max = 30): string {
  if (body.length === 0) return '<empty>';
  const head = body.subarray(0, max);
  const more = body.length > max ? ' ...' : '';
  return body[0] === 0x7b ? `${head.toString('utf8')}${more}` : `${head.toString('hex')}${more}`;
}

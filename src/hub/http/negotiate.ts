import type { IncomingMessage } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, tooLarge, unsupportedMediaType } from '../errors.js';
import { decodeKubeProtobuf } from '../codec/protobuf.js';
import { PATCH_CONTENT_TYPES, type PatchType } from '../rest/patching.js';

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

/** Reads the request body, refusing more than MAX_BODY_BYTES without buffering the excess. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    req.resume();
    throw tooLarge(MAX_BODY_BYTES);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      throw tooLarge(MAX_BODY_BYTES);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const WRITE_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** Decodes a create/update body. `expectedKind` only shapes the error text. */
export function decodeObjectBody(contentType: string | undefined, body: Buffer, expectedKind: string): unknown {
  const type = mediaType(contentType);
  if (body.length === 0) throw badRequest('the body of the request is empty');
  switch (type) {
    case 'application/json':
    case '':
      return parseJson(body, expectedKind);
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml':
      return parseYamlBody(body, expectedKind);
    case 'application/vnd.kubernetes.protobuf':
      return decodeKubeProtobuf(body).object;
    default:
      throw unsupportedMediaType(WRITE_TYPES);
  }
}

export function decodePatchBody(contentType: string | undefined, body: Buffer, accepted: string[]): { type: PatchType; patch: unknown } {
  const media = mediaType(contentType);
  const type = PATCH_CONTENT_TYPES[media];
  if (!type) throw unsupportedMediaType(accepted);
  if (body.length === 0) throw badRequest('the body of the request is empty');
  // Apply patches are YAML (JSON is valid YAML); the others are JSON.
  const patch = type === 'apply' ? parseYamlBody(body, 'apply patch') : parseJson(body, 'patch');
  return { type, patch };
}

function parseJson(body: Buffer, expected: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(
      `the object provided is unrecognized (must be of type ${expected}): couldn't get version/kind; json parse error: ${(err as Error).message}`,
    );
  }
}

function parseYamlBody(body: Buffer, expected: string): unknown {
  try {
    return parseYaml(body.toString('utf8'), { version: '1.1', uniqueKeys: true });
  } catch (err) {
    throw badRequest(`the object provided is unrecognized (must be of type ${expected}): yaml parse error: ${(err as Error).message.split('\n')[0]}`);
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

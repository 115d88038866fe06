import type { KubeStatus, StatusCause } from './types.js';

/** A failure the API server reported, with the fields of its `Status` body. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  readonly code: number;
  readonly reason: string;
  readonly details: KubeStatus['details'];
  readonly status: KubeStatus | undefined;

  constructor(code: number, reason: string, message: string, status?: KubeStatus) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = status?.details;
    this.status = status;
  }

  get causes(): StatusCause[] {
    return this.details?.causes ?? [];
  }

  static fromStatus(status: KubeStatus, httpCode: number): KubeApiError {
    const code = typeof status.code === 'number' && status.code > 0 ? status.code : httpCode;
    return new KubeApiError(code, status.reason ?? reasonForCode(code), status.message ?? `the server responded with HTTP ${code}`, status);
  }
}

/** The request took longer than the client allows; the server may or may not have applied it. */
export class KubeTimeoutError extends Error {
  override readonly name = 'KubeTimeoutError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${path} timed out after ${timeoutMs} ms`);
  }
}

/** Discovery does not know this apiVersion/kind: the CRD is missing or not served yet. */
export class NoKindMatchError extends Error {
  override readonly name = 'NoKindMatchError';
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`no matches for kind "${kind}" in version "${apiVersion}"`);
  }
}

function hasCode(err: unknown, code: number): boolean {
  return err instanceof KubeApiError && err.code === code;
}

export function isNotFound(err: unknown): boolean {
  return hasCode(err, 404);
}

export function isConflict(err: unknown): boolean {
  return hasCode(err, 409) && (err as KubeApiError).reason !== 'AlreadyExists';
}

export function isAlreadyExists(err: unknown): boolean {
  return hasCode(err, 409) && (err as KubeApiError).reason === 'AlreadyExists';
}

/** 410: the resourceVersion or continue token is older than the server's history. */
export function isExpired(err: unknown): boolean {
  return hasCode(err, 410);
}

export function isNoKindMatch(err: unknown): err is NoKindMatchError {
  return err instanceof NoKindMatchError;
}

/** Worth trying again unchanged later: the server or the network, not the request, failed. */
export function isTransient(err: unknown): boolean {
  if (err instanceof KubeApiError) return err.code >= 500 || err.code === 429;
  return !(err instanceof NoKindMatchError);
}

/** Turns a non-2xx reply into an error, keeping the server's own words when it sent a Status. */
export function errorFromResponse(httpCode: number, body: string, method: string, path: string): KubeApiError {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && (parsed as { kind?: unknown }).kind === 'Status') {
      return KubeApiError.fromStatus(parsed as KubeStatus, httpCode);
    }
  } catch {
    // not JSON: fall through to a message built from the reply itself
  }
  const snippet = body.length > 200 ? `${body.slice(0, 200)}…` : body;
  return new KubeApiError(httpCode, reasonForCode(httpCode), `${method} ${path}: HTTP ${httpCode}${snippet ? `: ${snippet.trim()}` : ''}`);
}

function reasonForCode(code: number): string {
  switch (code) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 405:
      return 'MethodNotAllowed';
    case 409:
      return 'Conflict';
    case 410:
      return 'Expired';
    case 415:
      return 'UnsupportedMediaType';
    case 422:
      return 'Invalid';
    case 429:
      return 'TooManyRequests';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'Timeout';
    default:
      return code >= 500 ? 'InternalError' : 'Unknown';
  }
}

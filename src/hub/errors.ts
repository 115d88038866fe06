// Kubernetes `Status` errors with the codes, reasons and message formats of apimachinery's
// api/errors package, so kubectl and client-go print exactly what they print against a real
// API server.
import type { Status, StatusCause, StatusDetails } from '../api/meta.js';

export type StatusReason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Expired'
  | 'Invalid'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

export type CauseType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueTypeInvalid'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueForbidden'
  | 'FieldValueDuplicate'
  | 'FieldValueNotFound'
  | 'FieldManagerConflict'
  | 'NamespaceTerminating'
  | 'ResourceVersionTooLarge'
  | 'UnexpectedServerResponse';

/** A cause as the hub sends it: always a reason of apimachinery's and a message. */
export interface HubStatusCause extends StatusCause {
  reason: CauseType;
  message: string;
}

export interface HubStatusDetails extends StatusDetails {
  causes?: HubStatusCause[];
}

/** metav1.Status as the hub sends it: the fields apimachinery always fills in. */
export interface StatusBody extends Status {
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  reason?: StatusReason;
  details?: HubStatusDetails;
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: HubStatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

/** What a resource is called in messages: `widgets.example.com`, or `configmaps` for core. */
export interface QualifiedResource {
  group: string;
  resource: string;
}

export function qualifiedName(r: QualifiedResource): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

export function notFound(r: QualifiedResource, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedName(r)} "${name}" not found`, {
    name,
    group: r.group,
    kind: r.resource,
  });
}

export function pathNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

export function alreadyExists(r: QualifiedResource, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedName(r)} "${name}" already exists`, {
    name,
    group: r.group,
    kind: r.resource,
  });
}

export function conflict(r: QualifiedResource, name: string, why: string): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(r)} "${name}": ${why}`, { name, group: r.group, kind: r.resource });
}

export const STALE_OBJECT = 'the object has been modified; please apply your changes to the latest version and try again';

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function forbidden(message: string, details?: HubStatusDetails): ApiError {
  return new ApiError(403, 'Forbidden', message, details);
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

export function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function unsupportedMediaType(accepted: string[]): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

export function tooLarge(limitBytes: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limitBytes}`);
}

export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Field errors (apimachinery util/validation/field) and the 422 Invalid status built from them.

export type FieldErrorType = 'Required' | 'Invalid' | 'NotSupported' | 'TypeInvalid' | 'TooLong' | 'TooMany' | 'Forbidden' | 'Duplicate' | 'NotFound';

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path, e.g. `spec.size` or `spec.items[0].name`. */
  field: string;
  value?: unknown;
  /** The value as Go's %#v prints it, when JSON would not read the same (e.g. `[]string{"a"}`). */
  valueText?: string;
  detail?: string;
  /** For NotSupported: the allowed values. */
  supported?: unknown[];
  /** The value exactly as Go's `%#v`/`%q` prints it, where JSON would differ (`[]string{"x"}`). */
  rendered?: string;
}

const CAUSE_OF: Record<FieldErrorType, CauseType> = {
  Required: 'FieldValueRequired',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  TypeInvalid: 'FieldValueTypeInvalid',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  Forbidden: 'FieldValueForbidden',
  Duplicate: 'FieldValueDuplicate',
  NotFound: 'FieldValueNotFound',
};

/** Go's `%#v`-like rendering that apimachinery uses for invalid values. */
function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'object') {
    const s = JSON.stringify(v);
    return s.length > 200 ? s.slice(0, 200) + '...' : s;
  }
  return String(v);
}

/** The text after `<field>: ` in a field error, e.g. `Invalid value: 0: must be positive`. */
export function fieldErrorBody(e: FieldError): string {
  const shown = (v: unknown): string => e.rendered ?? renderValue(v);
  switch (e.type) {
    case 'Required':
      return e.detail ? `Required value: ${e.detail}` : 'Required value';
    case 'NotSupported': {
      const supported = (e.supported ?? []).map((s) => renderValue(s)).join(', ');
      return `Unsupported value: ${shown(e.value)}` + (supported ? `: supported values: ${supported}` : '');
    }
    case 'Forbidden':
      return e.detail ? `Forbidden: ${e.detail}` : 'Forbidden';
    case 'TooLong':
      return e.detail ? `Too long: ${e.detail}` : 'Too long';
    case 'TooMany':
      // apimachinery prints the actual count first when it is known.
      return `Too many: ${typeof e.value === 'number' ? `${e.value}: ` : ''}${e.detail ?? ''}`.replace(/: $/, '');
    case 'Duplicate':
      return `Duplicate value: ${shown(e.value)}`;
    case 'NotFound':
      return `Not found: ${shown(e.value)}`;
    case 'TypeInvalid':
      return `Invalid value: ${e.valueText ?? shown(e.value)}: ${e.detail ?? ''}`;
    case 'Invalid':
    default:
      return `Invalid value: ${e.valueText ?? shown(e.value)}` + (e.detail ? `: ${e.detail}` : '');
  }
}

export function fieldErrorText(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** 422 Invalid: `Widget.example.com "w1" is invalid: spec.size: Invalid value: …`. */
export function invalid(kind: string, group: string, name: string, all: FieldError[]): ApiError {
  // field.ErrorList.ToAggregate drops errors whose text repeats an earlier one.
  const seen = new Set<string>();
  const errors = all.filter((e) => {
    const text = fieldErrorText(e);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
  const texts = errors.map(fieldErrorText);
  const joined = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
    name,
    group,
    kind,
    causes: errors.map((e) => ({ reason: CAUSE_OF[e.type], message: fieldErrorBody(e), field: e.field })),
  });
}

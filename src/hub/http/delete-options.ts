// DeleteOptions as kube-apiserver's delete and deletecollection handlers take them: from the body
// when there is one (the query is then not read at all), from the query otherwise; decoded with
// Go's JSON rules (a field of the wrong type fails with encoding/json's text) and validated by
// ValidateDeleteOptions. Nothing is deleted, dry run or not, unless all of that passes.
//
// One deliberate difference: upstream answers a body that does not decode (`{"dryRun": "All"}`)
// with a 500 and an error line in its log; the hub answers 400 with the same text.
import { ApiError, badRequest, invalid, unsupportedMediaType, type FieldError } from '../errors.js';
import { goQuote } from '../schema/go-format.js';
import type { DeleteOptions } from '../rest/rest-store.js';
import { isJsonObject } from '../../util/json.js';
import { queryBool, queryInt64, queryString, queryStrings } from './go-query.js';
import { mediaType, parseJsonBody, parseYamlBody } from './negotiate.js';
import { validateDryRun } from './request-options.js';

/** The DeleteOptions fields the hub reads, as Go holds them after decoding (undefined = nil). */
export interface DecodedDeleteOptions {
  gracePeriodSeconds?: bigint;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  propagationPolicy?: string;
  dryRun?: string[];
}

const BODY_TYPES = ['application/json', 'application/yaml'];

export function deleteOptionsFromQuery(q: URLSearchParams): DecodedDeleteOptions {
  const gracePeriodSeconds = queryInt64(q, 'gracePeriodSeconds');
  return {
    gracePeriodSeconds,
    orphanDependents: queryBool(q, 'orphanDependents'),
    propagationPolicy: queryString(q, 'propagationPolicy'),
    dryRun: queryStrings(q, 'dryRun'),
  };
}

// ---------------------------------------------------------------------------------------------
// the body, with encoding/json's rules for a metav1.DeleteOptions

/** What encoding/json calls a JSON value in its UnmarshalTypeError. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

class TypeMismatch extends Error {}

function mismatch(value: unknown, struct: string, field: string, goType: string, kind = jsonKind(value)): TypeMismatch {
  return new TypeMismatch(`json: cannot unmarshal ${kind} into Go struct field ${struct}.${field} of type ${goType}`);
}

function str(v: unknown, struct: string, field: string, goType = 'string'): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string') throw mismatch(v, struct, field, goType);
  return v;
}

function bool(v: unknown, field: string): boolean | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'boolean') throw mismatch(v, 'DeleteOptions', field, 'bool');
  return v;
}

function int64(v: unknown, field: string): bigint | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'number') throw mismatch(v, 'DeleteOptions', field, 'int64');
  if (!Number.isInteger(v) || Math.abs(v) > 2 ** 63) throw mismatch(v, 'DeleteOptions', field, 'int64', `number ${String(v)}`);
  return BigInt(v);
}

function preconditions(v: unknown): DecodedDeleteOptions['preconditions'] {
  if (v === null || v === undefined) return undefined;
  if (!isJsonObject(v)) throw mismatch(v, 'DeleteOptions', 'preconditions', 'v1.Preconditions');
  return {
    uid: str(v.uid, 'Preconditions', 'preconditions.uid', 'types.UID'),
    resourceVersion: str(v.resourceVersion, 'Preconditions', 'preconditions.resourceVersion'),
  };
}

function dryRun(v: unknown): string[] | undefined {
  if (v === null || v === undefined) return undefined;
  if (!Array.isArray(v)) throw mismatch(v, 'DeleteOptions', 'dryRun', '[]string');
  // A null element decodes to Go's zero value, the empty string.
  return v.map((d: unknown) => str(d, 'DeleteOptions', 'dryRun') ?? '');
}

const FIELDS: Record<string, (v: unknown, out: DecodedDeleteOptions) => void> = {
  gracePeriodSeconds: (v, out) => {
    out.gracePeriodSeconds = int64(v, 'gracePeriodSeconds');
  },
  preconditions: (v, out) => {
    out.preconditions = preconditions(v);
  },
  orphanDependents: (v, out) => {
    out.orphanDependents = bool(v, 'orphanDependents');
  },
  propagationPolicy: (v, out) => {
    out.propagationPolicy = str(v, 'DeleteOptions', 'propagationPolicy', 'v1.DeletionPropagation');
  },
  dryRun: (v, out) => {
    out.dryRun = dryRun(v);
  },
  // Alpha in 1.32 and off: decoded (so its type is checked) and then dropped, as upstream.
  ignoreStoreReadErrorWithClusterBreakingPotential: (v) => {
    bool(v, 'ignoreStoreReadErrorWithClusterBreakingPotential');
  },
};

/** A decoded body as encoding/json fills a DeleteOptions: unknown fields ignored, first type error reported. */
function fromBodyValue(value: unknown): DecodedDeleteOptions {
  if (value === null) return {};
  if (!isJsonObject(value)) {
    throw badRequest(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(value)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  // The serializer reads apiVersion and kind first, on their own.
  for (const field of ['apiVersion', 'kind']) {
    const v = value[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(v)} into Go struct field .${field} of type string`);
    }
  }
  const kind = value.kind;
  if (typeof kind === 'string' && kind !== '' && kind !== 'DeleteOptions') {
    const version = typeof value.apiVersion === 'string' && value.apiVersion !== '' ? value.apiVersion : 'meta.k8s.io/v1';
    throw badRequest(`no kind ${goQuote(kind)} is registered for version ${goQuote(version)}`);
  }
  const out: DecodedDeleteOptions = {};
  let first: TypeMismatch | undefined;
  for (const key of Object.keys(value)) {
    const decode = Object.hasOwn(FIELDS, key) ? FIELDS[key] : undefined;
    if (!decode) continue;
    try {
      decode(value[key], out);
    } catch (err) {
      if (!(err instanceof TypeMismatch)) throw err;
      first ??= err;
    }
  }
  if (first) throw badRequest(first.message);
  return out;
}

export function deleteOptionsFromBody(contentType: string | undefined, body: Buffer): DecodedDeleteOptions {
  const type = mediaType(contentType);
  let value: unknown;
  const fail = (why: string): ApiError => badRequest(`couldn't get version/kind; json parse error: ${why}`);
  if (type === '' || type === 'application/json') value = parseJsonBody(body, fail);
  else if (type === 'application/yaml') value = parseYamlBody(body, (why) => badRequest(`error converting YAML to JSON: ${why}`));
  else throw unsupportedMediaType(BODY_TYPES);
  return fromBodyValue(value);
}

// ---------------------------------------------------------------------------------------------
// validation

const POLICIES = ['Foreground', 'Background', 'Orphan'];

/** ValidateDeleteOptions: 422 `DeleteOptions.meta.k8s.io "" is invalid: …`. */
export function validateDeleteOptions(o: DecodedDeleteOptions): DeleteOptions {
  const errs: FieldError[] = [];
  const policy = o.propagationPolicy;
  if (o.orphanDependents !== undefined && policy !== undefined) {
    errs.push({
      type: 'Invalid',
      field: 'propagationPolicy',
      value: policy,
      rendered: goQuote(policy),
      detail: 'orphanDependents and deletionPropagation cannot be both set',
    });
  }
  if (policy !== undefined && !POLICIES.includes(policy)) {
    errs.push({ type: 'NotSupported', field: 'propagationPolicy', value: policy, rendered: goQuote(policy), supported: [...POLICIES, 'nil'] });
  }
  validateDryRun(o.dryRun, errs);
  if (errs.length > 0) throw invalid('DeleteOptions', 'meta.k8s.io', '', errs);
  return {
    propagationPolicy: policy as DeleteOptions['propagationPolicy'],
    orphanDependents: o.orphanDependents,
    preconditions: o.preconditions,
    dryRun: (o.dryRun ?? []).length > 0,
  };
}

/** The options of a DELETE: the body's when it has one, else the query's; validated. */
export function readDeleteOptions(contentType: string | undefined, body: Buffer, q: URLSearchParams): DeleteOptions {
  const decoded = body.length > 0 ? deleteOptionsFromBody(contentType, body) : deleteOptionsFromQuery(q);
  return validateDeleteOptions(decoded);
}

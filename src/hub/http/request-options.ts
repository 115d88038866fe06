// The option query parameters of each verb, decoded and validated as kube-apiserver's handlers do
// (apiserver endpoints/handlers, apimachinery meta/v1 and meta/internalversion validation):
// a value that does not convert is 400 with the converter's text, a converted value the
// validation refuses is 422 `<Kind>Options.meta.k8s.io "" is invalid: …`, and an unknown
// parameter is ignored.
import { ApiError, badRequest, invalid, type FieldError } from '../errors.js';
import { goQuote } from '../schema/go-format.js';
import type { FieldValidation, WriteOptions } from '../rest/rest-store.js';
import type { PatchType } from '../rest/patching.js';
import { goStringSlice, queryBool, queryInt64, queryString, queryStrings } from './go-query.js';

const META_GROUP = 'meta.k8s.io';
const FIELD_MANAGER_MAX_LENGTH = 128;

function optionsInvalid(kind: string, errs: FieldError[]): ApiError {
  return invalid(kind, META_GROUP, '', errs);
}

// ---------------------------------------------------------------------------------------------
// list and watch

export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  watch: boolean;
  allowWatchBookmarks: boolean;
  resourceVersion: string;
  resourceVersionMatch: string;
  timeoutSeconds?: bigint;
  limit: bigint;
  continueToken: string;
  sendInitialEvents?: boolean;
}

/** url.Values → ListOptions, in the field order of the generated conversion (first error wins). */
export function decodeListQuery(q: URLSearchParams): ListQuery {
  const timeoutSeconds = queryInt64(q, 'timeoutSeconds');
  const limit = queryInt64(q, 'limit') ?? 0n;
  return {
    labelSelector: queryString(q, 'labelSelector'),
    fieldSelector: queryString(q, 'fieldSelector'),
    watch: queryBool(q, 'watch') ?? false,
    allowWatchBookmarks: queryBool(q, 'allowWatchBookmarks') ?? false,
    resourceVersion: queryString(q, 'resourceVersion') ?? '',
    resourceVersionMatch: queryString(q, 'resourceVersionMatch') ?? '',
    timeoutSeconds,
    limit,
    continueToken: queryString(q, 'continue') ?? '',
    sendInitialEvents: queryBool(q, 'sendInitialEvents'),
  };
}

/**
 * SetListOptionsDefaults with the WatchList feature on (its default from 1.32): a watch from
 * "now" or "any" (`resourceVersion` unset or 0) is a watch that sends initial events.
 */
export function applyListDefaults(o: ListQuery): ListQuery {
  if (o.sendInitialEvents !== undefined || o.resourceVersionMatch !== '') return o;
  if (o.watch && (o.resourceVersion === '' || o.resourceVersion === '0')) {
    return { ...o, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' };
  }
  return o;
}

const forbidden = (field: string, detail: string): FieldError => ({ type: 'Forbidden', field, detail });

/** ValidateListOptions (meta/internalversion/validation), WatchList enabled. */
export function validateListQuery(o: ListQuery): void {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (o.watch) {
    if (o.sendInitialEvents !== undefined && match !== 'NotOlderThan') {
      errs.push(forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    }
    if (match !== '') {
      if (o.sendInitialEvents === undefined)
        errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
      if (match !== 'NotOlderThan') {
        errs.push({ type: 'NotSupported', field: 'resourceVersionMatch', value: match, rendered: goQuote(match), supported: ['NotOlderThan'] });
      }
      if (o.continueToken !== '') errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    }
  } else {
    if (match !== '') {
      if (o.resourceVersion === '') errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
      if (o.continueToken !== '') errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
      if (match !== 'Exact' && match !== 'NotOlderThan') {
        errs.push({ type: 'NotSupported', field: 'resourceVersionMatch', value: match, rendered: goQuote(match), supported: ['Exact', 'NotOlderThan', ''] });
      }
      if (match === 'Exact' && o.resourceVersion === '0') {
        errs.push(forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
      }
    }
    if (o.sendInitialEvents !== undefined) errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  }
  if (errs.length > 0) throw optionsInvalid('ListOptions', errs);
}

/** A list limit: 0 and negative values mean "no limit", as the storage layer reads them. */
export function listLimit(o: ListQuery): number | undefined {
  if (o.limit <= 0n) return undefined;
  return o.limit > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(o.limit);
}

// ---------------------------------------------------------------------------------------------
// get

/** GetResource: `export` is gone since 1.14, and GetOptions itself cannot fail to convert. */
export function checkGetQuery(q: URLSearchParams): void {
  if (queryBool(q, 'export') === true) throw badRequest('the export parameter, deprecated since v1.14, is no longer supported');
}

// ---------------------------------------------------------------------------------------------
// create, update, patch

function validateFieldManager(manager: string, errs: FieldError[]): void {
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) {
    errs.push({ type: 'TooLong', field: 'fieldManager', detail: `may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes` });
  }
  let position = 0;
  for (const ch of manager) {
    if (!isGoPrint(ch)) {
      const cp = ch.codePointAt(0) as number;
      const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      errs.push({
        type: 'Invalid',
        field: 'fieldManager',
        value: manager,
        rendered: goQuote(manager),
        detail: `invalid character ${code} (at position ${position})`,
      });
    }
    position += Buffer.byteLength(ch);
  }
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isGoPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

export function validateDryRun(dryRun: string[] | undefined, errs: FieldError[]): void {
  if (dryRun && dryRun.some((d) => d !== 'All')) {
    errs.push({ type: 'NotSupported', field: 'dryRun', value: dryRun, rendered: goStringSlice(dryRun), supported: ['All'] });
  }
}

const FIELD_VALIDATIONS = ['', 'Ignore', 'Strict', 'Warn'];

function validateFieldValidation(value: string, errs: FieldError[]): void {
  if (!FIELD_VALIDATIONS.includes(value)) {
    errs.push({ type: 'NotSupported', field: 'fieldValidation', value, rendered: goQuote(value), supported: FIELD_VALIDATIONS });
  }
}

interface WriteQuery {
  dryRun?: string[];
  fieldManager: string;
  fieldValidation: string;
}

function decodeWriteQuery(q: URLSearchParams): WriteQuery {
  return { dryRun: queryStrings(q, 'dryRun'), fieldManager: queryString(q, 'fieldManager') ?? '', fieldValidation: queryString(q, 'fieldValidation') ?? '' };
}

function toWriteOptions(w: WriteQuery, force?: boolean): WriteOptions {
  return {
    dryRun: (w.dryRun ?? []).length > 0,
    fieldManager: w.fieldManager === '' ? undefined : w.fieldManager,
    fieldValidation: w.fieldValidation === '' ? undefined : (w.fieldValidation as FieldValidation),
    force,
  };
}

/** CreateOptions and UpdateOptions: the same three fields, validated the same way. */
export function decodeCreateOrUpdateQuery(q: URLSearchParams, verb: 'create' | 'update'): WriteOptions {
  const w = decodeWriteQuery(q);
  const errs: FieldError[] = [];
  validateFieldManager(w.fieldManager, errs);
  validateDryRun(w.dryRun, errs);
  validateFieldValidation(w.fieldValidation, errs);
  if (errs.length > 0) throw optionsInvalid(verb === 'create' ? 'CreateOptions' : 'UpdateOptions', errs);
  return toWriteOptions(w);
}

/** PatchOptions: `force` only for apply, which needs a field manager. */
export function decodePatchQuery(q: URLSearchParams, patchType: PatchType): WriteOptions {
  const w = decodeWriteQuery(q);
  const force = queryBool(q, 'force');
  const errs: FieldError[] = [];
  if (patchType === 'apply') {
    if (w.fieldManager === '') errs.push({ type: 'Required', field: 'fieldManager', detail: 'is required for apply patch' });
  } else if (force !== undefined) {
    errs.push(forbidden('force', 'may not be specified for non-apply patch'));
  }
  validateFieldManager(w.fieldManager, errs);
  validateDryRun(w.dryRun, errs);
  validateFieldValidation(w.fieldValidation, errs);
  if (errs.length > 0) throw optionsInvalid('PatchOptions', errs);
  return toWriteOptions(w, force ?? false);
}

// ---------------------------------------------------------------------------------------------
// names and resource versions from the request

/**
 * apimachinery's IsValidPathSegmentName, which the registry's key functions apply to every name
 * taken from a path: `.` and `..` would otherwise address something else than an object.
 */
export function checkPathSegmentName(name: string): void {
  const problems: string[] = [];
  if (name === '.' || name === '..') problems.push(`may not be '${name}'`);
  else {
    if (name.includes('/')) problems.push(`may not contain '/'`);
    if (name.includes('%')) problems.push(`may not contain '%'`);
  }
  if (problems.length > 0) throw badRequest(`Name parameter invalid: ${goQuote(name)}: ${problems.join(';')}`);
}

const UINT64_MAX = 2n ** 64n - 1n;

/**
 * A `resourceVersion` parameter as the storage layer parses it (APIObjectVersioner): unset and
 * "0" are 0, anything else Go's strconv.ParseUint, and a failure the 400 of the etcd3 store.
 */
export function parseResourceVersionParam(rv: string): number {
  if (rv === '' || rv === '0') return 0;
  let why: string | undefined;
  if (!/^[0-9]+$/.test(rv)) why = 'invalid syntax';
  else if (BigInt(rv) > UINT64_MAX) why = 'value out of range';
  if (why) {
    throw badRequest(`invalid resource version: resourceVersion: Invalid value: ${goQuote(rv)}: strconv.ParseUint: parsing ${goQuote(rv)}: ${why}`);
  }
  return Number(rv);
}

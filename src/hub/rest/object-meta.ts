import { jsonEqual } from '../../util/json.js';
import type { FieldError } from '../errors.js';
import type { ApiObject, ObjectMeta } from '../../api/meta.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

export type NameRule = 'subdomain' | 'label';

export function validateName(name: string, rule: NameRule, field = 'metadata.name'): FieldError[] {
  if (rule === 'label') {
    if (name.length > 63) return [{ type: 'Invalid', field, value: name, detail: 'must be no more than 63 characters' }];
    if (!DNS1123_LABEL.test(name)) return [{ type: 'Invalid', field, value: name, detail: LABEL_MSG }];
    return [];
  }
  if (name.length > 253) return [{ type: 'Invalid', field, value: name, detail: 'must be no more than 253 characters' }];
  if (!DNS1123_SUBDOMAIN.test(name)) return [{ type: 'Invalid', field, value: name, detail: SUBDOMAIN_MSG }];
  return [];
}

/** Validates a label or annotation key: optional DNS-subdomain prefix, then a qualified name. */
export function validateQualifiedKey(key: string, field: string): FieldError[] {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : '';
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (slash >= 0 && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return [{ type: 'Invalid', field, value: key, detail: `prefix part ${SUBDOMAIN_MSG}` }];
  }
  if (name.length === 0) return [{ type: 'Invalid', field, value: key, detail: 'name part must be non-empty' }];
  if (name.length > 63) return [{ type: 'Invalid', field, value: key, detail: 'name part must be no more than 63 characters' }];
  if (!QUALIFIED_NAME.test(name)) return [{ type: 'Invalid', field, value: key, detail: QUALIFIED_MSG }];
  return [];
}

const TOTAL_ANNOTATION_BYTES = 256 * 1024;

/** ObjectMeta rules every kind shares (apimachinery api/validation/objectmeta.go). */
export function validateObjectMeta(meta: ObjectMeta, opts: { namespaced: boolean; nameRule: NameRule }): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.name) errs.push(...validateName(meta.name, opts.nameRule));
  if (typeof meta.generateName === 'string' && meta.generateName && !meta.name) {
    // generateName is validated as a prefix: its trailing '-' is allowed.
    const probe = meta.generateName.replace(/-+$/, '') || 'x';
    if (validateName(probe, opts.nameRule).length > 0) errs.push(...validateName(probe, opts.nameRule, 'metadata.generateName'));
  }
  for (const [k, v] of Object.entries(meta.labels ?? {})) {
    errs.push(...validateQualifiedKey(k, 'metadata.labels'));
    if (typeof v !== 'string') errs.push({ type: 'Invalid', field: `metadata.labels`, value: v, detail: 'label values must be strings' });
    else if (v.length > 63) errs.push({ type: 'Invalid', field: 'metadata.labels', value: v, detail: 'must be no more than 63 characters' });
    else if (!LABEL_VALUE.test(v)) errs.push({ type: 'Invalid', field: 'metadata.labels', value: v, detail: VALUE_MSG });
  }
  let annotationBytes = 0;
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    errs.push(...validateQualifiedKey(k.toLowerCase(), 'metadata.annotations'));
    if (typeof v !== 'string') errs.push({ type: 'Invalid', field: 'metadata.annotations', value: v, detail: 'annotation values must be strings' });
    annotationBytes += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (annotationBytes > TOTAL_ANNOTATION_BYTES) {
    errs.push({ type: 'TooLong', field: 'metadata.annotations', detail: `may not be more than ${TOTAL_ANNOTATION_BYTES} bytes` });
  }
  const refs = meta.ownerReferences ?? [];
  let controllers = 0;
  refs.forEach((ref, i) => {
    const field = `metadata.ownerReferences[${i}]`;
    if (!ref || typeof ref !== 'object') {
      errs.push({ type: 'Invalid', field, value: ref, detail: 'must be an object' });
      return;
    }
    if (!ref.apiVersion) errs.push({ type: 'Invalid', field: `${field}.apiVersion`, value: ref.apiVersion ?? '', detail: 'version must not be empty' });
    if (!ref.kind) errs.push({ type: 'Invalid', field: `${field}.kind`, value: ref.kind ?? '', detail: 'kind must not be empty' });
    if (!ref.name) errs.push({ type: 'Invalid', field: `${field}.name`, value: ref.name ?? '', detail: 'name must not be empty' });
    if (!ref.uid) errs.push({ type: 'Invalid', field: `${field}.uid`, value: ref.uid ?? '', detail: 'uid must not be empty' });
    if (ref.controller) controllers += 1;
  });
  if (controllers > 1) {
    errs.push({ type: 'Invalid', field: 'metadata.ownerReferences', value: refs, detail: 'Only one reference can have Controller set to true' });
  }
  for (const [i, f] of (meta.finalizers ?? []).entries()) {
    if (typeof f !== 'string' || validateQualifiedKey(f, `metadata.finalizers[${i}]`).length > 0) {
      errs.push({ type: 'Invalid', field: `metadata.finalizers[${i}]`, value: f, detail: 'must be a qualified name' });
    }
  }
  return errs;
}

/** Compares everything outside metadata (and status when it has its own subresource). */
export function specChanged(before: ApiObject, after: ApiObject, ignoreStatus: boolean): boolean {
  const strip = (o: ApiObject): Record<string, unknown> => {
    const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
    if (ignoreStatus) delete rest.status;
    return rest;
  };
  return !jsonEqual(strip(before), strip(after));
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream's generateName: prefix cut to 58 characters plus five random characters. */
export function generateNameFrom(prefix: string, random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)];
  return prefix.slice(0, 58) + suffix;
}

// ObjectMeta validation as apimachinery's api/validation/objectmeta.go (v0.32) does it, in the
// same order and with the same field paths and messages.
import type { ObjectMeta, OwnerReference } from '../../api/meta.js';
import type { FieldError } from '../errors.js';
import { isQualifiedName, isValidLabelValue } from './k8s-strings.js';
import { invalidEach } from './kind-validator.js';
import { nameIsDNSLabel, type NameFn } from './names.js';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const FIELD_MANAGER_MAX_LENGTH = 128;
const MAX_SUBRESOURCE_NAME_LENGTH = 256;

/** metav1 validation.ValidateLabels: keys and values, reported at the map's path. */
export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...invalidEach(field, k, isQualifiedName(k)), ...invalidEach(field, v, isValidLabelValue(v)));
  }
  return errs;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // A qualified name, except that case does not matter.
    errs.push(...invalidEach(field, k, isQualifiedName(k.toLowerCase())));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push({ type: 'TooLong', field, detail: `may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  return errs;
}

/** The version part of an apiVersion as schema.ParseGroupVersion reads it (empty when unparsable). */
function versionOf(apiVersion: string): string {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) return parts[1];
  return '';
}

function validateOwnerReference(ref: OwnerReference, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = ref.apiVersion ?? '';
  const version = versionOf(apiVersion);
  const group = apiVersion.split('/').length === 2 ? apiVersion.split('/')[0] : '';
  if (!version) errs.push({ type: 'Invalid', field: `${field}.apiVersion`, value: apiVersion, detail: 'version must not be empty' });
  if (!ref.kind) errs.push({ type: 'Invalid', field: `${field}.kind`, value: ref.kind ?? '', detail: 'kind must not be empty' });
  if (!ref.name) errs.push({ type: 'Invalid', field: `${field}.name`, value: ref.name ?? '', detail: 'name must not be empty' });
  if (!ref.uid) errs.push({ type: 'Invalid', field: `${field}.uid`, value: ref.uid ?? '', detail: 'uid must not be empty' });
  if (group === '' && version === 'v1' && ref.kind === 'Event') {
    errs.push({ type: 'Invalid', field, value: ref, detail: '/v1, Kind=Event is disallowed from being an owner' });
  }
  return errs;
}

export function validateOwnerReferences(refs: OwnerReference[] | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, field));
    if (ref.controller === true) {
      const current = `${ref.kind ?? ''}/${ref.name ?? ''}`;
      if (firstController) {
        errs.push({
          type: 'Invalid',
          field,
          value: refs,
          detail: `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
        });
      } else firstController = current;
    }
  }
  return errs;
}

export function validateFinalizers(finalizers: string[] | undefined, field: string): FieldError[] {
  const list = finalizers ?? [];
  const errs = list.flatMap((f) => invalidEach(field, f, isQualifiedName(f)));
  if (list.includes('orphan') && list.includes('foregroundDeletion')) {
    errs.push({ type: 'Invalid', field, value: list, detail: 'finalizer orphan and foregroundDeletion cannot be both set' });
  }
  return errs;
}

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  fieldsType?: string;
  subresource?: string;
}

function validateManagedFields(entries: ObjectMeta['managedFields'], field: string): FieldError[] {
  const errs: FieldError[] = [];
  ((entries ?? []) as ManagedFieldsEntry[]).forEach((e, i) => {
    const at = `${field}[${i}]`;
    if (e.operation !== 'Apply' && e.operation !== 'Update') {
      errs.push({ type: 'Invalid', field: `${at}.operation`, value: e.operation ?? '', detail: 'must be `Apply` or `Update`' });
    }
    if (e.fieldsType && e.fieldsType !== 'FieldsV1')
      errs.push({ type: 'Invalid', field: `${at}.fieldsType`, value: e.fieldsType, detail: 'must be `FieldsV1`' });
    const manager = e.manager ?? '';
    if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_LENGTH) {
      errs.push({ type: 'TooLong', field: `${at}.manager`, detail: `may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes` });
    }
    [...manager].forEach((ch, pos) => {
      if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(ch)) {
        const code = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
        errs.push({ type: 'Invalid', field: `${at}.manager`, value: manager, detail: `invalid character U+${code} (at position ${pos})` });
      }
    });
    if (Buffer.byteLength(e.subresource ?? '') > MAX_SUBRESOURCE_NAME_LENGTH) {
      errs.push({ type: 'TooLong', field: `${at}.subresource`, detail: `may not be more than ${MAX_SUBRESOURCE_NAME_LENGTH} bytes` });
    }
  });
  return errs;
}

/** ValidateObjectMetaAccessor: the metadata of an object being created (name already generated). */
export function validateObjectMeta(meta: ObjectMeta, namespaced: boolean, nameFn: NameFn, field = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) errs.push(...invalidEach(`${field}.generateName`, meta.generateName, nameFn(meta.generateName, true)));
  if (!meta.name) errs.push({ type: 'Required', field: `${field}.name`, detail: 'name or generateName is required' });
  else errs.push(...invalidEach(`${field}.name`, meta.name, nameFn(meta.name, false)));
  if (namespaced) {
    if (!meta.namespace) errs.push({ type: 'Required', field: `${field}.namespace` });
    else errs.push(...invalidEach(`${field}.namespace`, meta.namespace, nameIsDNSLabel(meta.namespace, false)));
  } else if (meta.namespace) {
    errs.push({ type: 'Forbidden', field: `${field}.namespace`, detail: 'not allowed on this type' });
  }
  if ((meta.generation ?? 0) < 0)
    errs.push({ type: 'Invalid', field: `${field}.generation`, value: meta.generation, detail: 'must be greater than or equal to 0' });
  errs.push(...metaContent(meta, field));
  errs.push(...validateFinalizers(meta.finalizers, `${field}.finalizers`));
  errs.push(...validateManagedFields(meta.managedFields, `${field}.managedFields`));
  return errs;
}

function metaContent(meta: ObjectMeta, field: string): FieldError[] {
  return [
    ...validateLabels(meta.labels, `${field}.labels`),
    ...validateAnnotations(meta.annotations, `${field}.annotations`),
    ...validateOwnerReferences(meta.ownerReferences, `${field}.ownerReferences`),
  ];
}

/**
 * ValidateObjectMetaAccessorUpdate, less what the store already guarantees (name, namespace, uid
 * and timestamps are carried over from the stored object; finalizers are checked on their own).
 */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, field = 'metadata'): FieldError[] {
  const errs: FieldError[] = [];
  if ((meta.generation ?? 0) < (old.generation ?? 0)) {
    errs.push({ type: 'Invalid', field: `${field}.generation`, value: meta.generation ?? 0, detail: 'must not be decremented' });
  }
  errs.push(...metaContent(meta, field));
  errs.push(...validateManagedFields(meta.managedFields, `${field}.managedFields`));
  return errs;
}

// Static validation of a CustomResourceDefinition (apiextensions.k8s.io/v1) with upstream's
// field paths and messages: naming, scope, versions, each version's schema and printer
// columns, and conversion. Run it after defaultCrdSpec, as upstream validates defaulted CRDs.

import type { FieldError } from '../errors.js';
import { validateVersionSchema } from './crd-schema.js';
import { isDns1035Label, isDns1123Subdomain } from './dns.js';
import { isJsonObject } from '../../util/json.js';
import { childPath, indexPath } from './paths.js';
import type { JsonSchema } from '../../api/crd/schema.js';

export { defaultCrdSpec } from './crd-defaults.js';

const PRINTER_COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const PRINTER_COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function validateMetadataName(name: string, plural: string, group: string, out: FieldError[]): void {
  const field = 'metadata.name';
  if (name === '') {
    out.push({ type: 'Required', field, detail: 'name or generateName is required' });
    return;
  }
  const msgs = [...isDns1123Subdomain(name)];
  if (name !== `${plural}.${group}`) msgs.push('must be spec.names.plural+"."+spec.group');
  for (const detail of msgs) out.push({ type: 'Invalid', field, value: name, detail });
}

function validateGroup(group: unknown, out: FieldError[]): void {
  const field = 'spec.group';
  const g = str(group);
  if (g === '') {
    out.push({ type: 'Required', field, detail: '' });
    return;
  }
  const errs = isDns1123Subdomain(g);
  if (errs.length > 0) out.push({ type: 'Invalid', field, value: g, detail: errs.join(',') });
  else if (g.split('.').length < 2) out.push({ type: 'Invalid', field, value: g, detail: 'should be a domain with at least one dot' });
}

function validateScope(scope: unknown, out: FieldError[]): void {
  const field = 'spec.scope';
  if (scope === undefined || scope === null || scope === '') out.push({ type: 'Required', field, detail: '' });
  else if (scope !== 'Cluster' && scope !== 'Namespaced') {
    out.push({ type: 'NotSupported', field, value: scope, supported: ['Cluster', 'Namespaced'] });
  }
}

function validatePrinterColumn(col: unknown, path: string, out: FieldError[]): void {
  const c = isJsonObject(col) ? col : {};
  if (str(c.name) === '') out.push({ type: 'Required', field: childPath(path, 'name'), detail: '' });
  const type = c.type;
  if (type === undefined || type === null || type === '') {
    out.push({ type: 'Required', field: childPath(path, 'type'), detail: `must be one of ${PRINTER_COLUMN_TYPES.join(',')}` });
  } else if (typeof type !== 'string' || !PRINTER_COLUMN_TYPES.includes(type)) {
    out.push({ type: 'NotSupported', field: childPath(path, 'type'), value: type, supported: PRINTER_COLUMN_TYPES });
  }
  const format = c.format;
  if (format !== undefined && format !== null && format !== '' && (typeof format !== 'string' || !PRINTER_COLUMN_FORMATS.includes(format))) {
    out.push({ type: 'NotSupported', field: childPath(path, 'format'), value: format, supported: PRINTER_COLUMN_FORMATS });
  }
  const jsonPath = str(c.jsonPath);
  if (jsonPath === '') out.push({ type: 'Required', field: childPath(path, 'jsonPath'), detail: '' });
  else if (!jsonPath.startsWith('.')) {
    out.push({ type: 'Invalid', field: childPath(path, 'jsonPath'), value: jsonPath, detail: 'must be a simple json path starting with .' });
  }
}

function validateVersion(version: unknown, path: string, out: FieldError[]): void {
  const v = isJsonObject(version) ? version : {};
  const nameErrs = isDns1035Label(str(v.name));
  if (nameErrs.length > 0) out.push({ type: 'Invalid', field: childPath(path, 'name'), value: str(v.name), detail: nameErrs.join(',') });

  const schemaPath = childPath(childPath(path, 'schema'), 'openAPIV3Schema');
  const schema = isJsonObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
  if (!isJsonObject(schema)) out.push({ type: 'Required', field: schemaPath, detail: 'schemas are required' });
  else out.push(...validateVersionSchema(schema as JsonSchema, schemaPath));

  if (Array.isArray(v.additionalPrinterColumns)) {
    v.additionalPrinterColumns.forEach((col, i) => validatePrinterColumn(col, indexPath(childPath(path, 'additionalPrinterColumns'), i), out));
  }
}

function validateVersions(versions: unknown, out: FieldError[]): void {
  const field = 'spec.versions';
  const list = Array.isArray(versions) ? versions : [];
  let storage = 0;
  let served = 0;
  const seen = new Set<string>();
  let unique = true;
  list.forEach((version, i) => {
    const v = isJsonObject(version) ? version : {};
    if (v.storage === true) storage++;
    if (v.served === true) served++;
    const name = str(v.name);
    if (seen.has(name)) unique = false;
    seen.add(name);
    validateVersion(version, indexPath(field, i), out);
  });
  if (!unique) out.push({ type: 'Invalid', field, value: list, detail: 'must contain unique version names' });
  if (storage !== 1) out.push({ type: 'Invalid', field, value: list, detail: 'must have exactly one version marked as storage version' });
  if (list.length > 0 && served === 0) out.push({ type: 'Invalid', field, value: list, detail: 'must have at least one version marked as served' });
}

function validateNames(names: Record<string, unknown>, out: FieldError[]): void {
  const path = 'spec.names';
  for (const key of ['plural', 'singular', 'kind', 'listKind']) {
    if (str(names[key]) === '') out.push({ type: 'Required', field: childPath(path, key), detail: '' });
  }
  const label = (key: string, mixedCase: boolean): void => {
    const value = str(names[key]);
    if (value === '') return;
    const errs = isDns1035Label(mixedCase ? value.toLowerCase() : value);
    if (errs.length === 0) return;
    const detail = mixedCase ? `may have mixed case, but should otherwise match: ${errs.join(',')}` : errs.join(',');
    out.push({ type: 'Invalid', field: childPath(path, key), value, detail });
  };
  label('plural', false);
  label('singular', false);
  label('kind', true);
  label('listKind', true);
  for (const listKey of ['shortNames', 'categories']) {
    const list = names[listKey];
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const errs = isDns1035Label(str(item));
      if (errs.length > 0) out.push({ type: 'Invalid', field: indexPath(childPath(path, listKey), i), value: item, detail: errs.join(',') });
    });
  }
  const kind = str(names.kind);
  if (kind !== '' && kind === str(names.listKind)) {
    out.push({ type: 'Invalid', field: childPath(path, 'listKind'), value: kind, detail: 'kind and listKind may not be the same' });
  }
}

function validateConversion(conversion: unknown, out: FieldError[]): void {
  if (!isJsonObject(conversion)) return;
  const path = 'spec.conversion';
  const strategy = conversion.strategy;
  if (strategy !== 'None' && strategy !== 'Webhook') {
    out.push({ type: 'NotSupported', field: childPath(path, 'strategy'), value: strategy ?? '', supported: ['None', 'Webhook'] });
  } else if (strategy === 'Webhook' && !isJsonObject(conversion.webhook)) {
    out.push({ type: 'Required', field: childPath(path, 'webhook'), detail: 'required when strategy is set to Webhook' });
  } else if (strategy === 'None' && conversion.webhook !== undefined && conversion.webhook !== null) {
    out.push({ type: 'Forbidden', field: childPath(path, 'webhook'), detail: 'should not be set when strategy is not set to Webhook' });
  }
}

/** Everything wrong with the CRD's name and spec; empty when it may be registered. */
export function validateCrdSpec(crd: { metadata?: { name?: string }; spec?: unknown }): FieldError[] {
  const out: FieldError[] = [];
  const spec = isJsonObject(crd.spec) ? crd.spec : undefined;
  const names = spec && isJsonObject(spec.names) ? spec.names : {};
  validateMetadataName(str(crd.metadata?.name), str(names.plural), str(spec?.group), out);
  if (!spec) {
    out.push({ type: 'Required', field: 'spec', detail: '' });
    return out;
  }
  validateGroup(spec.group, out);
  validateScope(spec.scope, out);
  validateVersions(spec.versions, out);
  validateNames(names, out);
  validateConversion(spec.conversion, out);
  if (spec.preserveUnknownFields === true) {
    out.push({
      type: 'Invalid',
      field: 'spec.preserveUnknownFields',
      value: true,
      detail: 'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    });
  }
  return out;
}

// Objects marked x-kubernetes-embedded-resource must look like Kubernetes objects: apiVersion
// and kind present and well-formed. Upstream checks this in a pass of its own after the schema
// keywords (apiextensions' schema/objectmeta), with map keys in `[key]` path form.

import type { FieldError } from '../errors.js';
import { isDns1035Label } from './dns.js';
import { isJsonObject } from '../../util/json.js';
import { additionalSchema, propertySchema } from './schema-lookup.js';
import { childPath, indexPath, keyPath } from './paths.js';
import type { JsonSchema } from '../../api/crd/schema.js';

function checkEmbedded(path: string, x: Record<string, unknown>, out: FieldError[]): void {
  const apiVersionPath = childPath(path, 'apiVersion');
  const kindPath = childPath(path, 'kind');
  if (!Object.prototype.hasOwnProperty.call(x, 'apiVersion')) out.push({ type: 'Required', field: apiVersionPath, detail: '' });
  if (!Object.prototype.hasOwnProperty.call(x, 'kind')) out.push({ type: 'Required', field: kindPath, detail: '' });

  for (const k of Object.keys(x)) {
    const v = x[k];
    if (k === 'apiVersion') {
      if (typeof v !== 'string') out.push({ type: 'Invalid', field: apiVersionPath, value: v, detail: 'must be a string' });
      else if (v === '') out.push({ type: 'Invalid', field: apiVersionPath, value: v, detail: 'must not be empty' });
      else if (v !== '/' && v.split('/').length > 2) {
        out.push({ type: 'Invalid', field: apiVersionPath, value: v, detail: `unexpected GroupVersion string: ${v}` });
      }
    } else if (k === 'kind') {
      if (typeof v !== 'string') out.push({ type: 'Invalid', field: kindPath, value: v, detail: 'must be a string' });
      else if (v === '') out.push({ type: 'Invalid', field: kindPath, value: v, detail: 'must not be empty' });
      else {
        const errs = isDns1035Label(v.toLowerCase());
        if (errs.length > 0) {
          out.push({ type: 'Invalid', field: kindPath, value: v, detail: `may have mixed case, but should otherwise match: ${errs.join(',')}` });
        }
      }
    }
  }
}

function walk(x: unknown, s: JsonSchema | undefined, path: string, out: FieldError[]): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = isJsonObject(s.items) ? (s.items as JsonSchema) : undefined;
    x.forEach((v, i) => walk(v, items, indexPath(path, i), out));
    return;
  }
  if (!isJsonObject(x)) return;
  if (s['x-kubernetes-embedded-resource'] === true) checkEmbedded(path, x, out);
  for (const k of Object.keys(x)) {
    const prop = propertySchema(s, k);
    if (prop) walk(x[k], prop, childPath(path, k), out);
    else {
      const ap = additionalSchema(s);
      if (ap) walk(x[k], ap, keyPath(path, k), out);
    }
  }
}

export function validateEmbeddedResources(data: unknown, schema: JsonSchema, rootPath = ''): FieldError[] {
  const out: FieldError[] = [];
  walk(data, schema, rootPath, out);
  return out;
}

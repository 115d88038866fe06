// The decode step of a write to a built-in kind: the body (or the patched object) is decoded into
// the kind's Go type before admission and validation, with the API server's status for each way
// it can fail:
//  - a create/update body:      400 `<Kind> in version "v1" cannot be handled as a <Kind>: <err>`;
//  - a JSON or merge patch:     422 ` "" is invalid: patch: Invalid value: "<patched JSON>": <err>`;
//  - a strategic merge patch:   422 likewise, with the patch printed as Go's %+v and the
//                               converter's error text.
// The decoded object then gets the kind's defaults (SetDefaults_<Kind>), as decoding does upstream.
// Unknown fields follow fieldValidation (Warn when unset): Strict fails as above with
// `strict decoding error: unknown field "<path>"`, Warn drops them with a warning each, Ignore
// drops them silently.
import type { ApiObject } from '../../api/meta.js';
import { canonicalJson } from '../../util/json.js';
import { badRequest, invalid } from '../errors.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { PatchType } from '../rest/patching.js';
import { decodeGo, type DecodeDialect } from './go-decode.js';
import { builtinKindKey, goType } from './go-type.js';
import { goSprintValue } from './go-sprint.js';
import { applyBuiltinDefaults } from '../validation/index.js';

export type FieldValidationDirective = 'Strict' | 'Warn' | 'Ignore';

/** Where the object being decoded came from. */
export type DecodeSource = { from: 'body' } | { from: 'patch'; patchType: PatchType; patch: unknown };

function strictText(unknown: string[]): string {
  return `strict decoding error: ${unknown.map((p) => `unknown field "${p}"`).join(', ')}`;
}

function dialectFor(source: DecodeSource): DecodeDialect {
  return source.from === 'patch' && source.patchType === 'strategic' ? 'unstructured' : 'json';
}

/**
 * Decodes `obj` (a built-in kind's object in `version`) in place: on success it holds what the
 * Go struct holds, and the warnings to send are returned. Kinds without a Go type are left alone.
 */
export function decodeBuiltinObject(
  rt: ResourceType,
  version: string,
  obj: ApiObject,
  fieldValidation: FieldValidationDirective | undefined,
  source: DecodeSource,
): string[] {
  if (rt.crdName) return [];
  const key = builtinKindKey(rt.group, rt.kind);
  if (!key) return [];
  const outcome = decodeGo(obj, goType(key), dialectFor(source));
  const directive = fieldValidation ?? 'Warn';
  const fail = (message: string): never => {
    if (source.from === 'body' || source.patchType === 'apply') {
      throw badRequest(`${rt.kind} in version "${version}" cannot be handled as a ${rt.kind}: ${message}`);
    }
    const shown = source.patchType === 'strategic' ? goSprintValue(source.patch) : canonicalJson(obj);
    throw invalid('', '', '', [{ type: 'Invalid', field: 'patch', value: shown, detail: message }]);
  };
  if (outcome.error !== undefined) fail(outcome.error);
  if (outcome.unknownFields.length > 0 && directive === 'Strict') fail(strictText(outcome.unknownFields));
  const decoded = outcome.value as Record<string, unknown>;
  for (const k of Object.keys(obj)) if (!(k in decoded)) delete (obj as Record<string, unknown>)[k];
  Object.assign(obj, decoded);
  obj.metadata ??= {};
  // Decoding into the versioned type applies its defaults.
  applyBuiltinDefaults(rt, obj);
  return directive === 'Warn' ? outcome.unknownFields.map((p) => `unknown field "${p}"`) : [];
}

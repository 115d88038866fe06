// RFC 7386 JSON merge patch (`application/merge-patch+json`): what kubectl label/annotate,
// `kubectl patch --type=merge` and client-side apply on custom resources send.

import { cloneJson, getOwn, hasOwn, isJsonObject, type JsonObject, setOwn } from '../../util/json.js';

/**
 * Applies `patch` to `target` per RFC 7386 §2. Neither input is modified and the result shares
 * no structure with them. Keys keep the target's order; keys new to the target follow in patch
 * order, so stored objects do not reshuffle on every label change.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  // A non-object patch (array, scalar, null) replaces the whole target.
  if (!isJsonObject(patch)) return cloneJson(patch);
  const base: JsonObject = isJsonObject(target) ? target : {};
  const result: JsonObject = {};
  for (const key of Object.keys(base)) {
    if (!hasOwn(patch, key)) setOwn(result, key, cloneJson(base[key]));
    else if (patch[key] !== null) setOwn(result, key, applyMergePatch(base[key], patch[key]));
  }
  for (const key of Object.keys(patch)) {
    if (hasOwn(base, key) || patch[key] === null) continue;
    setOwn(result, key, applyMergePatch(undefined, getOwn(patch, key)));
  }
  return result;
}

// JSON merge patches (RFC 7386) between two versions of an object, as Velero computes
// them to decide whether an existing object differs from the backed-up one and how to update it.
import { hasOwn, isJsonObject, jsonEqual, type JsonObject } from '../../../util/json.js';

/**
 * The merge patch that turns `original` into `desired`: changed keys set, missing keys nulled,
 * arrays replaced whole. Undefined when nothing differs (Velero's generatePatch returns nil for `{}`).
 */
export function createMergePatch(original: JsonObject, desired: JsonObject): JsonObject | undefined {
  const patch = diffObjects(original, desired);
  return Object.keys(patch).length === 0 ? undefined : patch;
}

function diffObjects(original: JsonObject, desired: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const [key, want] of Object.entries(desired)) {
    if (!hasOwn(original, key)) {
      patch[key] = want;
      continue;
    }
    const have = original[key];
    if (isJsonObject(have) && isJsonObject(want)) {
      const sub = diffObjects(have, want);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (!jsonEqual(have, want)) {
      patch[key] = want;
    }
  }
  for (const key of Object.keys(original)) if (!hasOwn(desired, key)) patch[key] = null;
  return patch;
}

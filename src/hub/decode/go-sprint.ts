// Go's `%+v` of a decoded JSON value (map[string]interface{} and friends), which the API server
// puts in the `patch` field error of a strategic merge patch it could not apply.
import { isJsonObject } from '../../util/json.js';
import { goFloat, goInt } from '../schema/go-format.js';

export function goSprintValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goSprintValue).join(' ')}]`;
  if (isJsonObject(v)) {
    // fmt prints maps with their keys sorted.
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goSprintValue(v[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number') return Number.isInteger(v) ? goInt(v) : goFloat(v);
  return String(v);
}

// The hub does not evaluate x-kubernetes-validations (CEL). Callers use this to tell the client,
// through a Warning header, that those rules were not enforced.

import type { JsonSchema } from '../../api/crd/schema.js';
import { isJsonObject } from '../../util/json.js';

function children(s: JsonSchema): unknown[] {
  const out: unknown[] = [];
  if (isJsonObject(s.properties)) out.push(...Object.values(s.properties));
  if (isJsonObject(s.additionalProperties)) out.push(s.additionalProperties);
  if (isJsonObject(s.items)) out.push(s.items);
  for (const list of [s.allOf, s.anyOf, s.oneOf]) if (Array.isArray(list)) out.push(...list);
  if (isJsonObject(s.not)) out.push(s.not);
  return out;
}

/** Whether any node of the schema carries x-kubernetes-validations rules. */
export function celRulesPresent(schema: JsonSchema): boolean {
  const rules = schema['x-kubernetes-validations'];
  if (Array.isArray(rules) && rules.length > 0) return true;
  return children(schema).some((c) => isJsonObject(c) && celRulesPresent(c as JsonSchema));
}

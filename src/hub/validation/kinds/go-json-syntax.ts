// What Go's json.Unmarshal into a map[string]interface{} says about text that is not a JSON
// object, for the docker config Secrets, whose content the API server parses.

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

export function goJsonObjectError(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed === '') return 'unexpected end of JSON input';
    const first = trimmed[0];
    if (!'{["tfn-0123456789'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
    return 'unexpected end of JSON input';
  }
  // Go's Unmarshal leaves the map nil on null and accepts it.
  if (parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed))) return undefined;
  return `json: cannot unmarshal ${kindOf(parsed)} into Go value of type map[string]interface {}`;
}

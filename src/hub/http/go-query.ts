// How kube-apiserver turns one query parameter into a typed option field (apimachinery
// runtime/conversion.go, reached through the generated url.Values conversions of metav1): the
// first value counts, a boolean is true for anything but `0` and `false` (any case) — an empty
// value included —, an integer is Go's strconv.ParseInt(s, 10, 64) and its error text is the
// 400's message.
import { badRequest } from '../errors.js';
import { goQuote } from '../schema/go-format.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Go's strconv.ParseInt(text, 10, 64); throws its error text. */
export function parseGoInt64(text: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(text)) throw new Error(`strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax`);
  const value = BigInt(text);
  if (value > INT64_MAX || value < INT64_MIN) throw new Error(`strconv.ParseInt: parsing ${goQuote(text)}: value out of range`);
  return value;
}

/** Convert_Slice_string_To_bool: undefined when the parameter is absent. */
export function queryBool(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  // strings.EqualFold: `ſ` (U+017F) folds to `s`, so `falſe` is false in Go too.
  return !(v === '0' || (v.length === 5 && v.toUpperCase() === 'FALSE'));
}

/** Convert_Slice_string_To_int64 / _Pointer_int64: undefined when absent, 400 when malformed. */
export function queryInt64(q: URLSearchParams, name: string): bigint | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  try {
    return parseGoInt64(v);
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

/** Convert_Slice_string_To_string: the first value, undefined when absent. */
export function queryString(q: URLSearchParams, name: string): string | undefined {
  return q.get(name) ?? undefined;
}

/** A `[]string` field (dryRun): every value, undefined when absent. */
export function queryStrings(q: URLSearchParams, name: string): string[] | undefined {
  const all = q.getAll(name);
  return all.length > 0 ? all : undefined;
}

/** Go's `%#v` of a []string, as field errors print one: `[]string{"a", "b"}`. */
export function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

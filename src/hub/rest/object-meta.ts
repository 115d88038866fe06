import { jsonEqual } from '../../util/json.js';
import type { ApiObject } from '../../api/meta.js';

/** Compares everything outside metadata (and status when it has its own subresource). */
export function specChanged(before: ApiObject, after: ApiObject, ignoreStatus: boolean): boolean {
  const strip = (o: ApiObject): Record<string, unknown> => {
    const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
    if (ignoreStatus) delete rest.status;
    return rest;
  };
  return !jsonEqual(strip(before), strip(after));
}

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream's generateName: prefix cut to 58 characters plus five random characters. */
export function generateNameFrom(prefix: string, random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)];
  return prefix.slice(0, 58) + suffix;
}

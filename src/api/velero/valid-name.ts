import { createHash } from 'node:crypto';

const MAX_LABEL_VALUE_LENGTH = 63;

/**
 * Velero's `GetValidName` (spec §1.10): label values longer than 63 characters are cut to 57 and
 * suffixed with the first 6 hex digits of their sha256, so long backup names still label objects.
 */
export function getValidName(name: string): string {
  if (name.length <= MAX_LABEL_VALUE_LENGTH) return name;
  let valid = shortened.get(name);
  if (valid === undefined) {
    const digest = createHash('sha256').update(name).digest('hex');
    valid = name.slice(0, MAX_LABEL_VALUE_LENGTH - 6) + digest.slice(0, 6);
    // A restore labels every item with the same two names: hash each once, not twice per item.
    if (shortened.size >= SHORTENED_CACHE_SIZE) shortened.clear();
    shortened.set(name, valid);
  }
  return valid;
}

const SHORTENED_CACHE_SIZE = 256;
const shortened = new Map<string, string>();

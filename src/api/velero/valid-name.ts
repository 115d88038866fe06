import { createHash } from 'node:crypto';

const MAX_LABEL_VALUE_LENGTH = 63;

/**
 * Velero's `GetValidName` (spec §1.10): label values longer than 63 characters are cut to 57 and
 * suffixed with the first 6 hex digits of their sha256, so long backup names still label objects.
 */
export function getValidName(name: string): string {
  if (name.length <= MAX_LABEL_VALUE_LENGTH) return name;
  const digest = createHash('sha256').update(name).digest('hex');
  return name.slice(0, MAX_LABEL_VALUE_LENGTH - 6) + digest.slice(0, 6);
}

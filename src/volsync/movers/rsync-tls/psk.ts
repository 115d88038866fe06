// The rsync-TLS pre-shared key (volsync.md §3.2 step 3): one line `<identity>:<key>` in psk.txt,
// the key at least 32 hexadecimal digits, as stunnel's PSKsecrets file wants it.
import { randomBytes } from 'node:crypto';

export const PSK_FIELD = 'psk.txt';
export const GENERATED_PSK_IDENTITY = 'volsync';
const MIN_HEX_DIGITS = 32;

/** `volsync:` and 128 lowercase hex digits. */
export function generatePsk(): string {
  return `${GENERATED_PSK_IDENTITY}:${randomBytes(64).toString('hex')}`;
}

/** What is wrong with a psk.txt, in words that never quote the key; undefined when it is usable. */
export function pskProblem(text: string): string | undefined {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return 'it is empty';
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return 'a line has no "<identity>:" before the key';
    const key = line.slice(colon + 1).trim();
    if (!/^[0-9a-fA-F]*$/.test(key)) return 'the key after "<identity>:" has characters that are not hexadecimal digits';
    if (key.length < MIN_HEX_DIGITS) return `the key after "<identity>:" has ${key.length} hexadecimal digits, at least ${MIN_HEX_DIGITS} are needed`;
  }
  return undefined;
}

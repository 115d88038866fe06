// Go's base64.StdEncoding.Decode, reduced to what the hub needs from it: where it stops. The API
// server decodes Secret `data` and ConfigMap `binaryData` with it and answers a bad value with
// `illegal base64 data at input byte N`, N counted exactly as Go counts it.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALID = new Set([...ALPHABET].map((c) => c.charCodeAt(0)));
const NL = 0x0a;
const CR = 0x0d;
const PAD = 0x3d;

function isNewline(c: number | undefined): boolean {
  return c === NL || c === CR;
}

/** One quantum of up to four characters from `si`; returns the next index or the failing offset. */
function quantum(src: Buffer, si: number): { next: number } | { corruptAt: number } {
  for (let j = 0; j < 4; j++) {
    if (si === src.length) {
      if (j === 0) return { next: si };
      return { corruptAt: si - j };
    }
    const c = src[si];
    si++;
    if (VALID.has(c)) continue;
    if (isNewline(c)) {
      j--;
      continue;
    }
    if (c !== PAD) return { corruptAt: si - 1 };
    if (j < 2) return { corruptAt: si - 1 };
    if (j === 2) {
      while (si < src.length && isNewline(src[si])) si++;
      if (si === src.length) return { corruptAt: src.length };
      if (src[si] !== PAD) return { corruptAt: si - 1 };
      si++;
    }
    while (si < src.length && isNewline(src[si])) si++;
    if (si < src.length) return { corruptAt: si };
    return { next: si };
  }
  return { next: si };
}

/** Go's error for `s` as standard (padded) base64, or undefined when Go decodes it. */
export function goBase64Error(text: string): string | undefined {
  // Go counts bytes of the UTF-8 text, not characters.
  const s = Buffer.from(text, 'utf8');
  let si = 0;
  while (si < s.length) {
    const r = quantum(s, si);
    if ('corruptAt' in r) return `illegal base64 data at input byte ${r.corruptAt}`;
    if (r.next === si) break;
    si = r.next;
  }
  return undefined;
}

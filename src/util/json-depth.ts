// One nesting limit for every JSON value Lifeboat accepts from outside: request bodies, patches,
// patch results and anything the engine reads back. Go's JSON decoder, and so kube-apiserver,
// stops at 10,000 levels, but V8's own JSON.stringify overflows its stack near 4,000 and the
// recursive walkers in the hub and the engine (Go-style JSON for the tarball, equality, clones,
// schema checks) near 2,000. 1,000 levels leave every one of them at least twice the room they
// need, and no real Kubernetes object comes close: deep CRD schemas reach a few hundred.
export const MAX_JSON_DEPTH = 1000;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * The bracket that goes deeper than `max` in a JSON text (outside strings), or undefined when
 * none does. Malformed text is scanned too: this only bounds depth, JSON.parse judges syntax.
 * Iterative and linear, so it is safe on any input.
 */
export function jsonTextTooDeep(text: Buffer | string, max = MAX_JSON_DEPTH): '{' | '[' | undefined {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > max) return c === OPEN_OBJECT ? '{' : '[';
    } else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && depth > 0) depth--;
  }
  return undefined;
}

/** The nesting depth of a JSON value (a scalar is 0, `{}` is 1), counted without recursion. */
export function jsonDepth(value: unknown, stopAbove = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > stopAbove) return deepest;
    }
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth]);
  }
  return deepest;
}

/** True when a value nests deeper than `max`; stops walking as soon as it knows. */
export function jsonTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  return jsonDepth(value, max) > max;
}

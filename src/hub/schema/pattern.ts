// Schema `pattern`s are Go RE2 syntax. The common RE2-only spellings are rewritten to their
// JavaScript equivalents; anything else is handed to RegExp as written. Compiled patterns are
// cached because the same schema validates every write of its kind.

export type CompiledPattern = { re: RegExp } | { error: string };

const cache = new Map<string, CompiledPattern>();

// RE2's ASCII classes, valid only inside brackets (`[[:alpha:]_]`), as plain class contents.
const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function translate(pattern: string): { source: string; flags: string } {
  let source = pattern;
  let flags = '';
  // A leading flag group applies to the whole expression, which RegExp expresses as flags.
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    source = source.slice(lead[0].length);
    for (const f of lead[1]) if (f !== 'U' && !flags.includes(f)) flags += f;
  }
  source = source
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\\([pP])([A-Z])/g, '\\$1{$2}')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole: string, neg: string, name: string) => {
      const known = Object.prototype.hasOwnProperty.call(POSIX_CLASSES, name);
      return known && !neg ? POSIX_CLASSES[name] : whole;
    });
  return { source, flags };
}

export function compilePattern(pattern: string): CompiledPattern {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const { source, flags } = translate(pattern);
  let compiled: CompiledPattern;
  try {
    compiled = { re: new RegExp(source, `${flags}u`) };
  } catch {
    // Unicode mode rejects some escapes RE2 allows (`\-` outside a class); retry without it.
    try {
      compiled = { re: new RegExp(source, flags) };
    } catch (err) {
      compiled = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

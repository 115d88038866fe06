// Objects go into the tarball as Go's json.Marshal writes them (spec/velero.md §3.3): compact,
// map keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped. Integers beyond 2^53 (nanosecond
// timestamps, byte counts in custom resources) must survive unchanged, so API responses that may
// hold them are parsed with a reader that keeps those as BigInt.

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;
const HTML_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
// JSON.stringify writes lone surrogates as escapes; Go, which holds UTF-8, writes U+FFFD.
const LONE_SURROGATE_ESCAPE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;

function goString(s: string): string {
  let out = JSON.stringify(s);
  if (HTML_UNSAFE.test(out)) out = out.replace(HTML_UNSAFE, (c) => HTML_ESCAPES[c]);
  HTML_UNSAFE.lastIndex = 0;
  if (out.includes('\\ud')) out = out.replace(LONE_SURROGATE_ESCAPE, '$1\ufffd');
  return out;
}

function appendValue(parts: string[], value: unknown): void {
  if (value === null || value === undefined) {
    parts.push('null');
  } else if (typeof value === 'string') {
    parts.push(goString(value));
  } else if (typeof value === 'number') {
    parts.push(Number.isFinite(value) ? String(value) : 'null');
  } else if (typeof value === 'bigint') {
    parts.push(value.toString());
  } else if (typeof value === 'boolean') {
    parts.push(value ? 'true' : 'false');
  } else if (Array.isArray(value)) {
    parts.push('[');
    value.forEach((v, i) => {
      if (i > 0) parts.push(',');
      appendValue(parts, v);
    });
    parts.push(']');
  } else if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    parts.push('{');
    keys.forEach((k, i) => {
      if (i > 0) parts.push(',');
      parts.push(goString(k), ':');
      appendValue(parts, obj[k]);
    });
    parts.push('}');
  } else {
    parts.push('null');
  }
}

/** Compact JSON exactly as Go's json.Marshal writes a map[string]interface{}. */
export function marshalGoJson(value: unknown): string {
  const parts: string[] = [];
  appendValue(parts, value);
  return parts.join('');
}

/** As Go's json.Encoder writes it: compact, followed by a newline (the `*.json.gz` side files). */
export function encodeGoJson(value: unknown): string {
  return `${marshalGoJson(value)}\n`;
}

/** A JSON text that may hold integers JS numbers cannot represent. */
export function parseKubeJson<T = unknown>(text: string): T {
  // Integers that fit 53 bits cannot have 16 digits or more; without such a run the native
  // parser loses nothing.
  if (!/\d{16}/.test(text)) return JSON.parse(text) as T;
  return new ExactJsonReader(text).read() as T;
}

const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;

class ExactJsonReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  read(): unknown {
    const v = this.value();
    this.ws();
    if (this.pos !== this.text.length) this.fail('unexpected trailing data');
    return v;
  }

  private fail(what: string): never {
    throw new SyntaxError(`invalid JSON at offset ${this.pos}: ${what}`);
  }

  private ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  private value(): unknown {
    this.ws();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === 't' && this.text.startsWith('true', this.pos)) return ((this.pos += 4), true);
    if (c === 'f' && this.text.startsWith('false', this.pos)) return ((this.pos += 5), false);
    if (c === 'n' && this.text.startsWith('null', this.pos)) return ((this.pos += 4), null);
    return this.number();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.ws();
    if (this.text[this.pos] === '}') return (this.pos++, out);
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') this.fail('expected a key');
      const key = this.string();
      this.ws();
      if (this.text[this.pos++] !== ':') this.fail('expected ":"');
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.ws();
      const sep = this.text[this.pos++];
      if (sep === '}') return out;
      if (sep !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.ws();
    if (this.text[this.pos] === ']') return (this.pos++, out);
    for (;;) {
      out.push(this.value());
      this.ws();
      const sep = this.text[this.pos++];
      if (sep === ']') return out;
      if (sep !== ',') this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    const t = this.text;
    for (;;) {
      const q = t.indexOf('"', i);
      if (q < 0) this.fail('unterminated string');
      let backslashes = 0;
      for (let j = q - 1; j > start && t[j] === '\\'; j--) backslashes++;
      if (backslashes > 0) escaped = true;
      if (backslashes % 2 === 0) {
        this.pos = q + 1;
        const raw = t.slice(start, q + 1);
        return escaped || raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      }
      i = q + 1;
    }
  }

  private number(): number | bigint {
    const m = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
    m.lastIndex = this.pos;
    const found = m.exec(this.text);
    if (!found || found[0] === '' || found[0] === '-') this.fail('expected a value');
    this.pos += found[0].length;
    const literal = found[0];
    const n = Number(literal);
    // Go reads an integer literal that fits int64 as int64; anything else becomes a float64,
    // which a JS number holds exactly as Go does.
    if (found[1] === undefined && found[2] === undefined && !Number.isSafeInteger(n)) {
      const big = BigInt(literal);
      if (big <= MAX_INT64 && big >= MIN_INT64) return big;
    }
    return n;
  }
}

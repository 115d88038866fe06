// What Go's json.Unmarshal into a map[string]interface{} says about text, for the docker config
// Secrets whose content the API server parses: the syntax errors of encoding/json's scanner
// (`invalid character 'o' in literal null (expecting 'u')`, `unexpected end of JSON input`) or
// the type error for JSON that is not an object.

class SyntaxFailure {
  constructor(readonly message: string) {}
}

/** Go's quoteChar: the byte in single quotes, escaped as strconv.Quote escapes it. */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const escapes: Record<number, string> = { 0x07: '\\a', 0x08: '\\b', 0x0c: '\\f', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x0b: '\\v', 0x5c: '\\\\' };
  if (escapes[c]) return `'${escapes[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c >= 0x80 && c < 0xa0) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

class Scanner {
  private i = 0;
  constructor(private readonly b: Buffer) {}

  private fail(c: number | undefined, context: string): never {
    if (c === undefined) throw new SyntaxFailure('unexpected end of JSON input');
    throw new SyntaxFailure(`invalid character ${quoteChar(c)} ${context}`);
  }

  private peek(): number | undefined {
    return this.b[this.i];
  }

  private skipSpace(): void {
    while (this.i < this.b.length && isSpace(this.b[this.i])) this.i++;
  }

  document(): unknown {
    this.skipSpace();
    const v = this.value();
    this.skipSpace();
    if (this.i < this.b.length) this.fail(this.peek(), 'after top-level value');
    return v;
  }

  private value(): unknown {
    const c = this.peek();
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c !== undefined && isDigit(c))) return this.number();
    for (const lit of ['true', 'false', 'null']) {
      if (c === lit.charCodeAt(0)) return this.literal(lit);
    }
    return this.fail(c, 'looking for beginning of value');
  }

  private literal(lit: string): unknown {
    for (let k = 0; k < lit.length; k++) {
      const c = this.b[this.i + k];
      if (c !== lit.charCodeAt(k)) this.fail(c, `in literal ${lit} (expecting ${quoteChar(lit.charCodeAt(k))})`);
    }
    this.i += lit.length;
    return lit === 'true' ? true : lit === 'false' ? false : null;
  }

  private number(): number {
    const start = this.i;
    if (this.peek() === 0x2d) this.i++;
    if (this.peek() === 0x30) this.i++;
    else if (this.peek() !== undefined && isDigit(this.peek() as number)) while (this.peek() !== undefined && isDigit(this.peek() as number)) this.i++;
    else this.fail(this.peek(), 'in numeric literal');
    if (this.peek() === 0x2e) {
      this.i++;
      if (this.peek() === undefined || !isDigit(this.peek() as number)) this.fail(this.peek(), 'after decimal point in numeric literal');
      while (this.peek() !== undefined && isDigit(this.peek() as number)) this.i++;
    }
    if (this.peek() === 0x65 || this.peek() === 0x45) {
      this.i++;
      if (this.peek() === 0x2b || this.peek() === 0x2d) this.i++;
      if (this.peek() === undefined || !isDigit(this.peek() as number)) this.fail(this.peek(), 'in exponent of numeric literal');
      while (this.peek() !== undefined && isDigit(this.peek() as number)) this.i++;
    }
    return Number(this.b.subarray(start, this.i).toString('latin1'));
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail(c, '');
      this.i++;
      if (c === 0x22) break;
      if (c < 0x20) this.fail(c, 'in string literal');
      if (c !== 0x5c) continue;
      const e = this.peek();
      this.i++;
      if (e === 0x75) {
        for (let k = 0; k < 4; k++) {
          const h = this.peek();
          if (h === undefined || !/[0-9a-fA-F]/.test(String.fromCharCode(h))) this.fail(h, 'in \\u hexadecimal character escape');
          this.i++;
        }
      } else if (e === undefined || !'"\\/bfnrt'.includes(String.fromCharCode(e))) this.fail(e, 'in string escape code');
    }
    return JSON.parse(this.b.subarray(start, this.i).toString('utf8')) as string;
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() !== 0x22) this.fail(this.peek(), 'looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      if (this.peek() !== 0x3a) this.fail(this.peek(), 'after object key');
      this.i++;
      this.skipSpace();
      out[key] = this.value();
      this.skipSpace();
      const c = this.peek();
      this.i++;
      if (c === 0x7d) return out;
      if (c !== 0x2c) this.fail(c, 'after object key:value pair');
    }
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value());
      this.skipSpace();
      const c = this.peek();
      this.i++;
      if (c === 0x5d) return out;
      if (c !== 0x2c) this.fail(c, 'after array element');
    }
  }
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

export function goJsonObjectError(bytes: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = new Scanner(bytes).document();
  } catch (err) {
    if (err instanceof SyntaxFailure) return err.message;
    throw err;
  }
  // Go's Unmarshal leaves the map nil on null and accepts it.
  if (parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed))) return undefined;
  return `json: cannot unmarshal ${kindOf(parsed)} into Go value of type map[string]interface {}`;
}

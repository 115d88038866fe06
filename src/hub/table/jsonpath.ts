// The part of kubectl/client-go JSONPath that CRD printer columns and selectable fields use:
// `.a.b`, `.a['b.c']`, `.a[0]`, `.a[-1]`, `.a[1:3]`, `.a[*].b`, `.a.*`, `..b` and filters such as
// `[?(@.type=="Ready")]`. Missing keys yield no match rather than an error, as the apiserver's
// printer columns run with AllowMissingKeys.

import { isJsonObject } from '../../util/json.js';

type Literal = string | number | boolean | null;

type Step =
  | { kind: 'field'; names: string[] }
  | { kind: 'index'; indices: number[] }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'wildcard' }
  | { kind: 'descend' }
  | { kind: 'filter'; left: Step[]; op: FilterOp; right?: Literal | Step[] };

type FilterOp = 'exists' | '==' | '!=' | '<' | '>' | '<=' | '>=';

export class JsonPathSyntaxError extends Error {}

// Characters that end a bare field name; the operator characters matter inside filters.
const NAME_END = new Set(['.', '[', ']', ' ', '\t', '\n', '=', '!', '<', '>', ')', '(', ',']);

function parseLiteral(text: string): Literal | undefined {
  const t = text.trim();
  if (/^'.*'$/s.test(t) || /^".*"$/s.test(t)) return t.slice(1, -1);
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  return undefined;
}

/** Index of the `]` closing the bracket opened at `open`, skipping quotes and parentheses. */
function closingBracket(src: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open + 1; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ']' && depth === 0) return i;
  }
  throw new JsonPathSyntaxError(`unclosed '[' in ${src}`);
}

// Splits on commas outside quotes: `'a','b.c'` -> [`'a'`, `'b.c'`].
function splitUnion(body: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.map((p) => p.trim());
}

function parseFilter(expr: string): Step {
  const m = /^\s*@(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*?)\s*$/s.exec(expr);
  if (!m) {
    const bare = /^\s*@(.*?)\s*$/s.exec(expr);
    if (!bare) throw new JsonPathSyntaxError(`unsupported filter: ${expr}`);
    return { kind: 'filter', left: parseSteps(bare[1]), op: 'exists' };
  }
  const [, leftPath, op, rightText] = m;
  const right = rightText.startsWith('@') ? parseSteps(rightText.slice(1)) : parseLiteral(rightText);
  if (right === undefined) throw new JsonPathSyntaxError(`unsupported filter operand: ${rightText}`);
  return { kind: 'filter', left: parseSteps(leftPath), op: op as FilterOp, right };
}

function parseBracket(body: string): Step {
  const t = body.trim();
  if (t.startsWith('?(') && t.endsWith(')')) return parseFilter(t.slice(2, -1));
  if (t === '*') return { kind: 'wildcard' };
  if (t.includes(':') && !/['"]/.test(t)) {
    const nums = t.split(':').map((p) => (p.trim() === '' ? undefined : Number(p)));
    if (nums.length > 3 || nums.some((n) => n !== undefined && !Number.isInteger(n))) {
      throw new JsonPathSyntaxError(`bad slice [${body}]`);
    }
    return { kind: 'slice', start: nums[0], end: nums[1], step: nums[2] };
  }
  const parts = splitUnion(t);
  if (parts.every((p) => /^-?\d+$/.test(p))) return { kind: 'index', indices: parts.map(Number) };
  const names = parts.map((p) => {
    const lit = parseLiteral(p);
    if (typeof lit !== 'string') throw new JsonPathSyntaxError(`bad subscript [${body}]`);
    return lit;
  });
  return { kind: 'field', names };
}

function parseSteps(src: string): Step[] {
  const steps: Step[] = [];
  let i = 0;
  // A backslash escapes the next character: `.metadata.labels.hive\.openshift\.io/x` names one key.
  const readName = (): string => {
    let name = '';
    while (i < src.length && !NAME_END.has(src[i])) {
      if (src[i] === '\\' && i + 1 < src.length) i++;
      name += src[i];
      i++;
    }
    return name;
  };
  while (i < src.length) {
    if (src.startsWith('..', i)) {
      steps.push({ kind: 'descend' });
      i += 2;
      if (src[i] === '[') continue;
      if (src[i] === '*') {
        steps.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      const name = readName();
      if (!name) throw new JsonPathSyntaxError(`expected a name after '..' in ${src}`);
      steps.push({ kind: 'field', names: [name] });
    } else if (src[i] === '.') {
      i++;
      if (src[i] === '*') {
        steps.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      const name = readName();
      // A lone "." is the current object, as in `{.}`.
      if (name) steps.push({ kind: 'field', names: [name] });
    } else if (src[i] === '[') {
      const close = closingBracket(src, i);
      steps.push(parseBracket(src.slice(i + 1, close)));
      i = close + 1;
    } else if (/\s/.test(src[i])) {
      i++;
    } else {
      throw new JsonPathSyntaxError(`unexpected '${src[i]}' in ${src}`);
    }
  }
  return steps;
}

const cache = new Map<string, Step[]>();

/** Parses a path, throwing JsonPathSyntaxError; results are cached because tables reuse paths. */
export function compileSimpleJsonPath(path: string): void {
  steps(path);
}

function steps(path: string): Step[] {
  let parsed = cache.get(path);
  if (!parsed) {
    let src = path.trim();
    if (src.startsWith('{') && src.endsWith('}')) src = src.slice(1, -1).trim();
    if (src.startsWith('$')) src = src.slice(1);
    parsed = parseSteps(src);
    if (cache.size > 1000) cache.clear();
    cache.set(path, parsed);
  }
  return parsed;
}

function descendants(v: unknown, out: unknown[]): void {
  out.push(v);
  if (Array.isArray(v)) v.forEach((x) => descendants(x, out));
  else if (isJsonObject(v)) Object.values(v).forEach((x) => descendants(x, out));
}

function sliceIndices(len: number, s: { start?: number; end?: number; step?: number }): number[] {
  const step = s.step ?? 1;
  if (step <= 0) return [];
  const norm = (n: number) => (n < 0 ? Math.max(0, len + n) : Math.min(n, len));
  const out: number[] = [];
  for (let i = norm(s.start ?? 0); i < norm(s.end ?? len); i += step) out.push(i);
  return out;
}

function compare(a: unknown, op: FilterOp, b: unknown): boolean {
  // Values of different JSON types never compare equal, as in Go's template comparisons.
  if (typeof a !== typeof b || (a === null) !== (b === null)) return op === '!=';
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '>':
      return (a as number) > (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>=':
      return (a as number) >= (b as number);
    default:
      return false;
  }
}

function matchesFilter(el: unknown, f: Extract<Step, { kind: 'filter' }>): boolean {
  const lefts = run([el], f.left);
  if (f.op === 'exists') return lefts.length > 0;
  if (lefts.length === 0) return false;
  let right: unknown;
  if (Array.isArray(f.right)) {
    const rights = run([el], f.right);
    if (rights.length === 0) return false;
    right = rights[0];
  } else {
    right = f.right;
  }
  return compare(lefts[0], f.op, right);
}

function apply(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (step.kind) {
      case 'field':
        if (isJsonObject(v)) for (const n of step.names) if (Object.prototype.hasOwnProperty.call(v, n)) out.push(v[n]);
        break;
      case 'index':
        if (Array.isArray(v)) {
          for (const i of step.indices) {
            const j = i < 0 ? v.length + i : i;
            if (j >= 0 && j < v.length) out.push(v[j]);
          }
        }
        break;
      case 'slice':
        if (Array.isArray(v)) for (const i of sliceIndices(v.length, step)) out.push(v[i]);
        break;
      case 'wildcard':
        if (Array.isArray(v)) out.push(...v);
        else if (isJsonObject(v)) out.push(...Object.values(v));
        break;
      case 'descend':
        descendants(v, out);
        break;
      case 'filter':
        if (Array.isArray(v)) for (const el of v) if (matchesFilter(el, step)) out.push(el);
        break;
    }
  }
  return out;
}

function run(start: unknown[], path: Step[]): unknown[] {
  return path.reduce(apply, start);
}

/**
 * All values `path` selects in `obj` (`{}` around the path optional). A malformed path selects
 * nothing; use compileSimpleJsonPath to validate one.
 */
export function evalSimpleJsonPath(obj: unknown, path: string): unknown[] {
  let parsed: Step[];
  try {
    parsed = steps(path);
  } catch (e) {
    if (e instanceof JsonPathSyntaxError) return [];
    throw e;
  }
  return run([obj], parsed);
}

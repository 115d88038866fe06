// Velero matches resource and namespace filters with gobwas/glob patterns compiled without
// separators, so `*` also crosses dots: `*.cluster.open-cluster-management.io` matches every
// resource of that group. This is a translation of that syntax to a RegExp.

const cache = new Map<string, RegExp | null>();

/** The compiled pattern, or undefined when it is not a valid glob (such a pattern matches nothing). */
export function compileGlob(pattern: string): RegExp | undefined {
  let re = cache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${new GlobParser(pattern).parseAll()})$`, 's');
    } catch {
      re = null;
    }
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  return re ?? undefined;
}

export function globMatches(pattern: string, value: string): boolean {
  return compileGlob(pattern)?.test(value) ?? false;
}

/** Whether the string uses any glob syntax, i.e. is not matched only by itself. */
export function hasGlobSyntax(pattern: string): boolean {
  return /[*?[\]{}\\]/.test(pattern);
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

class GlobError extends Error {}

class GlobParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseAll(): string {
    const out = this.parseSequence(false);
    if (this.pos < this.src.length) throw new GlobError(`unexpected ${this.src[this.pos]}`);
    return out;
  }

  // Inside `{…}` a `,` or `}` ends the alternative.
  private parseSequence(inAlternatives: boolean): string {
    let out = '';
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (inAlternatives && (ch === ',' || ch === '}')) return out;
      this.pos++;
      switch (ch) {
        case '*':
          while (this.src[this.pos] === '*') this.pos++;
          out += '.*';
          break;
        case '?':
          out += '.';
          break;
        case '[':
          out += this.parseClass();
          break;
        case '{':
          out += this.parseAlternatives();
          break;
        case '\\':
          if (this.pos >= this.src.length) throw new GlobError('dangling escape');
          out += escapeRegExp(this.src[this.pos++]);
          break;
        case ']':
        case '}':
          throw new GlobError(`unexpected ${ch}`);
        default:
          out += escapeRegExp(ch);
      }
    }
    return out;
  }

  private parseClass(): string {
    let negate = false;
    if (this.src[this.pos] === '!') {
      negate = true;
      this.pos++;
    }
    let body = '';
    let empty = true;
    for (;;) {
      if (this.pos >= this.src.length) throw new GlobError('unclosed [');
      const ch = this.src[this.pos++];
      if (ch === ']') break;
      empty = false;
      if (this.src[this.pos] === '-' && this.pos + 1 < this.src.length && this.src[this.pos + 1] !== ']') {
        const hi = this.src[this.pos + 1];
        if (hi < ch) throw new GlobError('bad range');
        body += `${escapeRegExp(ch)}-${escapeRegExp(hi)}`;
        this.pos += 2;
      } else {
        body += escapeRegExp(ch);
      }
    }
    if (empty) throw new GlobError('empty []');
    return `[${negate ? '^' : ''}${body}]`;
  }

  private parseAlternatives(): string {
    const alternatives: string[] = [];
    for (;;) {
      alternatives.push(this.parseSequence(true));
      if (this.pos >= this.src.length) throw new GlobError('unclosed {');
      const ch = this.src[this.pos++];
      if (ch === '}') break;
    }
    return `(?:${alternatives.join('|')})`;
  }
}

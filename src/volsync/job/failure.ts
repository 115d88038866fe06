// Turns a failed mover's log into one sentence a user can act on (decision 14): the first line
// matching the most specific rule wins; without one, the mover's own last error line is quoted.

export interface FailureRule {
  pattern: RegExp;
  /** The sentence, given the matching line with log prefixes (timestamps, `Fatal:`) removed. */
  explain(cause: string): string;
}

const MAX_CAUSE = 300;
const ERROR_LINE = /\b(fatal|error|failed|failure)\b/i;

export class FailureAnalyzer {
  private best: { rule: number; cause: string } | undefined;
  private lastError = '';
  private lastLine = '';

  constructor(
    private readonly rules: readonly FailureRule[],
    /** Names the mover in the fallback sentence, e.g. `restic mover`. */
    private readonly what: string,
  ) {}

  observe(line: string): void {
    const text = line.trim();
    if (!text) return;
    this.lastLine = text;
    if (ERROR_LINE.test(text)) this.lastError = text;
    const limit = this.best?.rule ?? this.rules.length;
    for (let i = 0; i < limit; i++) {
      if (this.rules[i].pattern.test(text)) {
        this.best = { rule: i, cause: causeOf(text) };
        return;
      }
    }
  }

  message(exitCode?: number): string {
    if (this.best) return this.rules[this.best.rule].explain(this.best.cause);
    const quoted = causeOf(this.lastError || this.lastLine);
    const code = exitCode !== undefined ? ` with exit code ${exitCode}` : '';
    return quoted ? `${this.what} failed${code}: ${quoted}` : `${this.what} failed${code} without output`;
  }
}

/** The informative part of a log line: no timestamp, level or `Fatal:` prefix, bounded length. */
export function causeOf(line: string): string {
  let text = line.trim();
  text = text.replace(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\s+(ERROR|NOTICE|INFO|DEBUG|CRITICAL)\s*:\s*/, '');
  text = text.replace(/^(Fatal|ERROR|error):\s*/, '');
  return text.length > MAX_CAUSE ? `${text.slice(0, MAX_CAUSE)}…` : text;
}

// Causes shared by movers: where the bytes could not go.
export const UNREACHABLE =
  /connection refused|no such host|network is unreachable|no route to host|i\/o timeout|connection reset|context deadline exceeded|TLS handshake|x509:|certificate signed by unknown|did not answer within|Temporary failure in name resolution|dial tcp/i;
export const NO_SPACE = /no space left on device|disk quota exceeded|file too large|quota exceeded|ENOSPC/i;

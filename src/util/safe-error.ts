// What a log line may say about an error: its type, its Kubernetes status when it is one, and
// where it was raised. Never its message: messages quote what caused them, and in the hub that
// can be a request body — a YAML parser's source line, a value from a Secret.

export interface SafeError {
  type: string;
  /** HTTP status and reason of an API error. */
  code?: number;
  reason?: string;
  at: string[];
}

export function describeError(err: unknown): SafeError {
  if (!(err instanceof Error)) return { type: typeof err, at: [] };
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const status = err as { code?: unknown; reason?: unknown };
  const out: SafeError = { type: err.name, at: frames.slice(0, 8).map((f) => f.trim()) };
  if (typeof status.code === 'number') out.code = status.code;
  if (typeof status.reason === 'string') out.reason = status.reason;
  return out;
}

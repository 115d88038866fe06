// The restore's own log: logrus text lines (spec/velero.md §2.2) in a temp file, uploaded gzipped
// as `restore-<name>-logs.gz` so `velero restore logs` shows it, and mirrored to the process log.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Logger } from 'pino';

export type LogFields = Record<string, string | number | undefined>;
type Level = 'debug' | 'info' | 'warning' | 'error';

// logrus quotes a value unless it is made only of these characters.
const BARE_VALUE = /^[A-Za-z0-9\-._/@^+]+$/;

function formatValue(value: string): string {
  return BARE_VALUE.test(value) ? value : JSON.stringify(value);
}

export class RestoreLog {
  private readonly out: WriteStream;
  private closed: Promise<void> | undefined;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
    /** `<namespace>/<name>` of the Restore, on every line as logrus' `restore` field. */
    private readonly restoreRef: string,
    private readonly now: () => number,
  ) {
    this.out = createWriteStream(file, { mode: 0o600 });
    // A failing disk must not take the restore down; the log is best effort, as in Velero.
    this.out.on('error', (err) => this.logger.warn({ err }, 'cannot write the restore log file'));
  }

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.write('warning', msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }

  close(): Promise<void> {
    this.closed ??= new Promise((resolve) => {
      if (this.out.destroyed) return resolve();
      this.out.end(() => resolve());
    });
    return this.closed;
  }

  /** The log gzipped, for upload; call after close(). */
  gzipped(): Readable {
    return createReadStream(this.file).pipe(createGzip());
  }

  private write(level: Level, msg: string, fields: LogFields = {}): void {
    const time = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const all: Record<string, string> = { restore: this.restoreRef };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) all[k] = String(v);
    let line = `time="${time}" level=${level} msg=${JSON.stringify(msg)}`;
    for (const key of Object.keys(all).sort()) line += ` ${key}=${formatValue(all[key])}`;
    if (!this.closed) this.out.write(`${line}\n`);
    // Per-item detail belongs in the restore's own log; the process log gets it at debug level.
    const pinoLevel = level === 'warning' ? 'warn' : level === 'info' ? 'debug' : level;
    this.logger[pinoLevel](fields, msg);
  }
}

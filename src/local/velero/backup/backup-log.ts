// The per-backup log Velero uploads as `<name>-logs.gz` (logrus text lines) and the counts and
// results derived from it (spec/velero.md §1.3, §2.5): every warning-level line is a warning,
// every error-level line an error, and each becomes one entry of `<name>-results.gz`.
import { createGzip, type Gzip } from 'node:zlib';
import type { Logger } from 'pino';
import type { Clock } from '../../../kube/index.js';
import { formatVeleroTime } from './duration.js';

export type BackupLogLevel = 'debug' | 'info' | 'warning' | 'error';

/** Fields Velero's results understand; others only appear in the log line. Never secret values. */
export interface BackupLogFields {
  namespace?: string;
  name?: string;
  resource?: string;
  error?: unknown;
  [key: string]: unknown;
}

/** Velero's results.Result: messages for the server, for cluster-scoped items, or per namespace. */
export interface BackupResult {
  velero?: string[];
  cluster?: string[];
  namespaces?: Record<string, string[]>;
}

export interface BackupResults {
  errors: BackupResult;
  warnings: BackupResult;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// logrus quotes a value unless every character is one of these.
const BARE_VALUE = /^[A-Za-z0-9\-._/@^+]+$/;

function logValue(value: unknown): string {
  const text = value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value);
  return BARE_VALUE.test(text) ? text : JSON.stringify(text);
}

function addTo(result: BackupResult, namespace: string | undefined, message: string): void {
  if (namespace === undefined) {
    (result.velero ??= []).push(message);
  } else if (namespace === '') {
    (result.cluster ??= []).push(message);
  } else {
    ((result.namespaces ??= {})[namespace] ??= []).push(message);
  }
}

export class BackupLog {
  private readonly gzip: Gzip;
  private readonly chunks: Buffer[] = [];
  private readonly finished: Promise<Buffer>;
  private warningCount = 0;
  private errorCount = 0;
  private readonly warningResult: BackupResult = {};
  private readonly errorResult: BackupResult = {};

  /**
   * @param backupKey `<namespace>/<name>`, on every line as Velero's `backup=` field
   * @param mirror where the same lines go as structured logs
   */
  constructor(
    private readonly backupKey: string,
    private readonly clock: Clock,
    private readonly mirror: Logger,
  ) {
    this.gzip = createGzip();
    this.gzip.on('data', (c: Buffer) => this.chunks.push(c));
    this.finished = new Promise((resolve, reject) => {
      this.gzip.once('end', () => resolve(Buffer.concat(this.chunks)));
      this.gzip.once('error', reject);
    });
  }

  get warnings(): number {
    return this.warningCount;
  }

  get errors(): number {
    return this.errorCount;
  }

  debug(msg: string, fields: BackupLogFields = {}): void {
    this.write('debug', msg, fields);
  }

  info(msg: string, fields: BackupLogFields = {}): void {
    this.write('info', msg, fields);
  }

  warn(msg: string, fields: BackupLogFields = {}): void {
    this.write('warning', msg, fields);
  }

  error(msg: string, fields: BackupLogFields = {}): void {
    this.write('error', msg, fields);
  }

  results(): BackupResults {
    return { errors: this.errorResult, warnings: this.warningResult };
  }

  /** The gzipped log; no line may be written afterwards. */
  finish(): Promise<Buffer> {
    this.gzip.end();
    return this.finished;
  }

  private write(level: BackupLogLevel, msg: string, fields: BackupLogFields): void {
    const data: Record<string, unknown> = { backup: this.backupKey };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) data[k] = v;
    let line = `time="${formatVeleroTime(this.clock.now())}" level=${level} msg=${JSON.stringify(msg)}`;
    for (const key of Object.keys(data).sort()) line += ` ${key}=${logValue(data[key])}`;
    if (!this.gzip.writableEnded) this.gzip.write(`${line}\n`);

    const mirrorFields = { ...fields, ...(fields.error !== undefined ? { error: errorText(fields.error) } : {}) };
    if (level === 'error') this.mirror.error(mirrorFields, msg);
    else if (level === 'warning') this.mirror.warn(mirrorFields, msg);
    else this.mirror.debug(mirrorFields, msg);

    if (level !== 'warning' && level !== 'error') return;
    let entry = '';
    if (fields.resource !== undefined) entry += ` resource: /${String(fields.resource)}`;
    if (fields.name !== undefined) entry += ` name: /${String(fields.name)}`;
    if (msg !== '') entry += ` message: /${msg}`;
    if (fields.error !== undefined) entry += ` error: /${errorText(fields.error)}`;
    const ns = fields.namespace === undefined ? undefined : String(fields.namespace);
    if (level === 'warning') {
      this.warningCount++;
      addTo(this.warningResult, ns, entry);
    } else {
      this.errorCount++;
      addTo(this.errorResult, ns, entry);
    }
  }
}

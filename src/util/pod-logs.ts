// Where container logs live on the embedded hub and how each line is stored. The local Job runner
// writes them; the hub serves them through `pods/{name}/log`. Neither imports the other: this file
// is the convention they share. The line format is the CRI logging format the kubelet reads:
// `<RFC3339Nano time> <stdout|stderr> <F|P> <content>`, P marking a line split because it was long.
import path from 'node:path';

export type LogStream = 'stdout' | 'stderr';

export interface LogEntry {
  time: string;
  stream: LogStream;
  /** False for the leading pieces of a line split at MAX_LOG_LINE_BYTES. */
  full: boolean;
  content: string;
}

/** Longer lines are stored in pieces, as container runtimes do (16 KiB). */
export const MAX_LOG_LINE_BYTES = 16 * 1024;

/** `<root>/<namespace>/<pod>/<container>.log`. Names are DNS labels or subdomains: no separators. */
export function podLogFile(root: string, namespace: string, pod: string, container: string): string {
  return path.join(podLogDir(root, namespace, pod), `${container}.log`);
}

export function podLogDir(root: string, namespace: string, pod: string): string {
  return path.join(root, namespace, pod);
}

/** Go's RFC3339Nano: fractional seconds without trailing zeros. */
export function logTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

export function formatLogEntry(entry: LogEntry): string {
  return `${entry.time} ${entry.stream} ${entry.full ? 'F' : 'P'} ${entry.content}\n`;
}

export function parseLogEntry(line: string): LogEntry | undefined {
  const m = /^(\S+) (stdout|stderr) ([FP]) (.*)$/s.exec(line);
  if (!m) return undefined;
  return { time: m[1], stream: m[2] as LogStream, full: m[3] === 'F', content: m[4] };
}

/** Every entry of a log file's text, in order; malformed lines (a torn write) are skipped. */
export function parseLogText(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const line of text.split('\n')) {
    const entry = line === '' ? undefined : parseLogEntry(line);
    if (entry) entries.push(entry);
  }
  return entries;
}

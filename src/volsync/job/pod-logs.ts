// Mover logs (volsync.md §2.9): the log of the newest pod of a Job, read through the API's
// pods/{name}/log, streamed line by line through a filter; only the end of the kept text is
// retained, so a huge log never sits in memory.
import type { IncomingMessage } from 'node:http';
import { LineSplitter, resourcePath, type KubeClient } from '../../kube/index.js';
import { PODS, type Pod } from '../kinds.js';

/** The newest pod of the Job: Succeeded for a success; Failed, else Running, for a failure. */
export async function newestPodOfJob(client: KubeClient, namespace: string, jobName: string, failed: boolean, signal?: AbortSignal): Promise<Pod | undefined> {
  const pods = (await client.list<Pod>(PODS, { namespace, labelSelector: `job-name=${jobName}`, signal })).items;
  const newest = (phase: string): Pod | undefined =>
    pods
      .filter((p) => p.status?.phase === phase)
      .sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? ''))[0];
  return failed ? (newest('Failed') ?? newest('Running')) : newest('Succeeded');
}

export interface LogReadOptions {
  /** Only the last N lines of the log; negative: all. */
  tailLines: number;
  signal?: AbortSignal;
}

/** Streams a pod's log to `onLine`, one line at a time (without the newline). */
export async function readPodLog(client: KubeClient, pod: Pod, onLine: (line: string) => void, opts: LogReadOptions): Promise<void> {
  const res: IncomingMessage = await client.transport.stream({
    method: 'GET',
    path: resourcePath(PODS, pod.metadata.namespace, pod.metadata.name, 'log'),
    query: { tailLines: opts.tailLines >= 0 ? opts.tailLines : undefined },
    signal: opts.signal,
  });
  const splitter = new LineSplitter();
  try {
    for await (const chunk of res) for (const line of splitter.push(chunk as Buffer)) onLine(line);
    for (const line of splitter.end()) onLine(line);
  } finally {
    res.destroy();
  }
}

/** Keeps the last `maxBytes` bytes of the lines it is given, joined by newlines (VolSync's truncation). */
export class LogTail {
  private lines: string[] = [];
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  add(line: string): void {
    this.lines.push(line);
    this.bytes += Buffer.byteLength(line) + 1;
    // Drop whole lines only while what stays is still at least maxBytes long.
    while (this.lines.length > 1 && this.bytes - (Buffer.byteLength(this.lines[0]) + 1) >= this.maxBytes + 1) {
      this.bytes -= Buffer.byteLength(this.lines.shift() as string) + 1;
    }
  }

  text(): string {
    if (this.maxBytes <= 0) return '';
    const joined = Buffer.from(this.lines.join('\n'));
    if (joined.length <= this.maxBytes) return joined.toString('utf8');
    // A cut inside a character leaves replacement characters at the start; drop them.
    return joined
      .subarray(joined.length - this.maxBytes)
      .toString('utf8')
      .replace(/^\uFFFD+/, '');
  }
}

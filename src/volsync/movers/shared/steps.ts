// What a mover entrypoint is made of: printed lines and child processes whose output streams
// straight into the pod log (never buffered whole), with shell-like exit semantics (`set -e`).
import { spawn, type StdioOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** Ends the mover with this exit code, as `exit <code>` ends VolSync's scripts. */
export class MoverExit extends Error {
  constructor(
    readonly code: number,
    message = '',
  ) {
    super(message);
    this.name = 'MoverExit';
  }
}

export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export interface StepOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** `inherit` (default) streams to the pod log; `ignore` discards (`> /dev/null`); `capture` keeps it for the caller. */
  stdout?: 'inherit' | 'ignore' | 'capture';
  /**
   * `capture` keeps the tail of stderr for the caller instead of streaming it (`2>"$outfile"`);
   * `tee` streams it to the pod log and keeps the tail too.
   */
  stderr?: 'inherit' | 'capture' | 'tee';
  /** Kill the child after this long and report exit code 124, as coreutils `timeout` does. */
  timeoutMs?: number;
}

export interface StepResult {
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Captured stderr is bounded: enough for any message a tool prints. Captured stdout is data (a listing) and kept whole. */
const STDERR_LIMIT = 256 * 1024;

/** Runs one program to completion. A program that cannot start is exit code 127, as in a shell. */
export function step(command: string, args: readonly string[], opts: StepOptions = {}): Promise<StepResult> {
  return new Promise((resolve) => {
    const stdio: StdioOptions = ['ignore', opts.stdout === 'capture' ? 'pipe' : (opts.stdout ?? 'inherit'), (opts.stderr ?? 'inherit') === 'inherit' ? 'inherit' : 'pipe'];
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => {
      if (opts.stderr === 'tee') process.stderr.write(d);
      stderr = keepTail(stderr + d.toString());
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
        }, opts.timeoutMs)
      : undefined;
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      process.stderr.write(`${command}: ${err.code === 'ENOENT' ? 'command not found' : err.message}\n`);
      resolve({ code: 127, stdout, stderr, timedOut });
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code: timedOut ? 124 : (code ?? 128 + signalNumber(signal)), stdout, stderr, timedOut });
    });
  });
}

/** Runs a step and, like `set -e`, ends the mover with its exit code when it fails. */
export async function mustRun(command: string, args: readonly string[], opts: StepOptions = {}): Promise<StepResult> {
  const result = await step(command, args, opts);
  if (result.code !== 0) throw new MoverExit(result.code);
  return result;
}

/**
 * `producer | consumer > file` with `set -o pipefail`: the consumer's stdout goes to `outFile`, and
 * the pipeline fails with the rightmost non-zero exit code.
 */
export async function pipeToFile(
  producer: { command: string; args: readonly string[] },
  consumer: { command: string; args: readonly string[] },
  outFile: string,
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const out = createWriteStream(outFile);
  await new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  const env = opts.env ?? process.env;
  const left = spawn(producer.command, producer.args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const right = spawn(consumer.command, consumer.args, { cwd: opts.cwd, env, stdio: ['pipe', 'pipe', 'inherit'] });
  left.stdout.pipe(right.stdin);
  right.stdout.pipe(out);
  // A consumer that exits early closes the pipe; the producer then sees EPIPE, which is its business.
  right.stdin.on('error', () => undefined);
  const exit = (child: ReturnType<typeof spawn>, name: string): Promise<number> =>
    new Promise((resolve) => {
      child.on('error', (err: NodeJS.ErrnoException) => {
        process.stderr.write(`${name}: ${err.code === 'ENOENT' ? 'command not found' : err.message}\n`);
        resolve(127);
      });
      child.on('close', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
    });
  const [a, b] = await Promise.all([exit(left, producer.command), exit(right, consumer.command)]);
  await new Promise<void>((resolve) => out.end(resolve));
  return b !== 0 ? b : a;
}

function keepTail(text: string): string {
  return text.length > STDERR_LIMIT ? text.slice(text.length - STDERR_LIMIT) : text;
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13 };
  return (signal && numbers[signal]) ?? 0;
}

/** Whole seconds since `startMs`, as bash's `$(( SECONDS - START_TIME ))` prints them. */
export function elapsedSeconds(startMs: number): number {
  return Math.floor((Date.now() - startMs) / 1000);
}

/** A variable the mover cannot do without; its absence ends the mover with `format(name)` and exit 1. */
export function requireEnv(env: NodeJS.ProcessEnv, names: readonly string[], format: (name: string) => string): void {
  for (const name of names) if (!env[name]) throw new MoverExit(1, format(name));
}

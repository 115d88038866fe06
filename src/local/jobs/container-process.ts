// One container as one local process tree. It dies with the runner (the parent-death signal), its
// whole tree is stopped on request (SIGTERM, then SIGKILL after the grace period) and when its main
// process ends (as a container runtime tears a container down), and its pid is recorded so a runner
// that was killed can stop what survived it on the next start.
import { execFile, spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LogStream } from '../../util/pod-logs.js';

export type Isolation = 'mount-namespace' | 'none';

export interface ContainerExit {
  exitCode: number;
  /** Set when the process could not be started at all. */
  startError?: string;
}

export interface ContainerProcess {
  readonly pid: number;
  readonly exited: Promise<ContainerExit>;
  /** SIGTERM, then SIGKILL once `graceMs` has passed; resolves when the process has ended. */
  terminate(graceMs: number): Promise<ContainerExit>;
  /** SIGKILL to the whole tree at once. */
  kill(): void;
}

export interface StartOptions {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  isolation: Isolation;
  /** Where the pid record is written. */
  recordFile: string;
  onOutput(stream: LogStream, chunk: Buffer): void;
}

const OUTPUT_DRAIN_MS = 2000;
const PROCESS_RECORD = 'process.json';

export function processRecordFile(podDir: string): string {
  return path.join(podDir, PROCESS_RECORD);
}

export function startContainerProcess(opts: StartOptions): ContainerProcess {
  const argv = opts.isolation === 'none' ? ['setpriv', '--pdeathsig', 'KILL', '--', ...opts.argv] : opts.argv;
  const child = spawn(argv[0], argv.slice(1), { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (chunk: Buffer) => opts.onOutput('stdout', chunk));
  child.stderr.on('data', (chunk: Buffer) => opts.onOutput('stderr', chunk));
  const pid = child.pid ?? -1;
  if (pid > 0) void writeRecord(opts.recordFile, pid);

  const exited = new Promise<ContainerExit>((resolve) => {
    child.once('error', (err) => resolve({ exitCode: 128, startError: err.message }));
    child.once('exit', (code, signal) => {
      // Whatever the main process left running goes with it.
      signalGroup(pid, 'SIGKILL');
      const exitCode = code ?? 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0);
      const drained = new Promise<void>((done) => {
        const timer = setTimeout(done, OUTPUT_DRAIN_MS);
        child.once('close', () => {
          clearTimeout(timer);
          done();
        });
      });
      void drained.then(() => resolve({ exitCode }));
    });
  });

  return {
    pid,
    exited,
    async terminate(graceMs: number) {
      if (opts.isolation === 'mount-namespace') {
        // SIGTERM to the namespace's init, which forwards it; unshare itself would ignore it.
        const init = childrenOf(pid)[0];
        if (init) signalPid(init, 'SIGTERM');
        else signalGroup(pid, 'SIGTERM');
      } else {
        signalGroup(pid, 'SIGTERM');
      }
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), Math.max(0, graceMs));
      timer.unref();
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
    kill() {
      signalGroup(pid, 'SIGKILL');
    },
  };
}

/** Whether this machine lets the runner give processes the pod's paths (root, with unshare). */
export async function detectIsolation(): Promise<Isolation> {
  if (process.getuid?.() !== 0) return 'none';
  try {
    await promisify(execFile)('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '--mount', '--propagation', 'private', '--pid', '--fork', '--mount-proc', 'true'], {
      timeout: 10_000,
    });
    return 'mount-namespace';
  } catch {
    return 'none';
  }
}

/** Stops a process tree a previous runner started, if it is still the same process. */
export async function killRecordedProcess(recordFile: string): Promise<boolean> {
  let record: { pid: number; startTime: string };
  try {
    record = JSON.parse(await fs.readFile(recordFile, 'utf8')) as { pid: number; startTime: string };
  } catch {
    return false;
  }
  if (!Number.isInteger(record.pid) || record.pid <= 1 || startTimeOf(record.pid) !== record.startTime) return false;
  signalGroup(record.pid, 'SIGKILL');
  return true;
}

async function writeRecord(file: string, pid: number): Promise<void> {
  try {
    await fs.writeFile(file, JSON.stringify({ pid, startTime: startTimeOf(pid) }), { mode: 0o600 });
  } catch {
    // Only crash recovery needs the record; the parent-death signal covers the usual case.
  }
}

/** Field 22 of /proc/<pid>/stat: tells a pid from a later process that reuses it. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid > 1) signalPid(-pid, signal);
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

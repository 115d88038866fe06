// Process helpers the benchmarks share: peak memory of a child process, and stopping everything.
import type { ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import type { HubProcess } from '../test/support/index.js';

/** VmHWM: the most resident memory the process ever had. */
export async function peakRssMiB(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}

/** SIGTERM to every process and hub, then the temp directories removed. */
export async function stopAll(procs: readonly ChildProcess[], hubs: readonly HubProcess[], dirs: readonly string[]): Promise<void> {
  await Promise.all(procs.map((p) => new Promise((res) => (p.exitCode !== null ? res(null) : (p.once('exit', res), p.kill('SIGTERM'))))));
  for (const hub of hubs) await hub.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}

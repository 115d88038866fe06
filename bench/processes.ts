// Process helpers the benchmarks share: peak memory of a child process, and stopping everything.
import type { ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import type { HubProcess } from '../test/support/index.js';

/** VmHWM: the most resident memory the process ever had. */
export async function peakRssMiB(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}

/** CPU time (user + system) the process has used so far, in seconds. */
export async function cpuSeconds(pid: number | undefined): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** SIGTERM to every process and hub, then the temp directories removed. */
export async function stopAll(procs: readonly ChildProcess[], hubs: readonly HubProcess[], dirs: readonly string[]): Promise<void> {
  await Promise.all(procs.map((p) => new Promise((res) => (p.exitCode !== null ? res(null) : (p.once('exit', res), p.kill('SIGTERM'))))));
  for (const hub of hubs) await hub.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
}

import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO } from './lifeboat-process.js';
import { waitFor } from './wait.js';

export interface AgentProcess {
  /** What it printed so far (`ready: …` and one `cluster: <name> <url> hub: <hub>` line per cluster). */
  readonly stdout: string;
  stop(): Promise<void>;
}

/** `lifeboat agent …` in a process of its own, left running until stop(); resolves once it printed `ready:`. */
export async function startAgentProcess(args: string[]): Promise<AgentProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO, 'bin', 'lifeboat.js'), 'agent', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LIFEBOAT_LOG_LEVEL: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'warn' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitFor(
      'lifeboat agent ready',
      () => {
        if (child.exitCode !== null) throw new Error(`lifeboat agent exited with ${child.exitCode}: ${stderr}`);
        return /ready: /.test(stdout);
      },
      120_000,
      100,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    get stdout() {
      return stdout;
    },
    stop,
  };
}

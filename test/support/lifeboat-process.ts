import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const LIFEBOAT = path.join(REPO, 'bin', 'lifeboat.js');

export interface HubProcess {
  child: ChildProcess;
  url: string;
  kubeconfigPath: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `lifeboat hub` as a separate process (for crash tests) and waits for `ready: <url>`. */
export async function startHubProcess(dataDir: string, extraArgs: string[] = []): Promise<HubProcess> {
  return startLifeboatProcess('hub', dataDir, extraArgs);
}

/**
 * Starts `lifeboat <command> --data-dir <dir> --port 0 …` and waits for `ready: <url>` (60 s unless
 * `readyTimeoutMs` says otherwise: a hub with hundreds of simulated clusters takes longer).
 */
export async function startLifeboatProcess(
  command: 'hub' | 'up',
  dataDir: string,
  extraArgs: string[] = [],
  opts: { readyTimeoutMs?: number; env?: Record<string, string> } = {},
): Promise<HubProcess> {
  const child = spawn(process.execPath, [LIFEBOAT, command, '--data-dir', dataDir, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LIFEBOAT_LOG_LEVEL: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'warn', ...opts.env },
  });
  let stderr = '';
  // LIFEBOAT_TEST_HUB_LOG=<file>: every spawned hub's log appended there, for debugging a test.
  const logFile = process.env.LIFEBOAT_TEST_HUB_LOG;
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 1_000_000) stderr += d.toString();
    if (logFile) appendFileSync(logFile, d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`hub did not become ready: ${stderr}`)), opts.readyTimeoutMs ?? 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}: ${stderr}`));
    });
  });
  return {
    child,
    url,
    kubeconfigPath: path.join(dataDir, 'kubeconfig'),
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI to its end: `node bin/lifeboat.js …` (killed after `timeoutMs`). */
export function runLifeboat(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LIFEBOAT, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

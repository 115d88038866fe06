// stunnel in PSK mode, configured as VolSync's rsync-TLS scripts configure it (volsync.md §3.2):
// it daemonizes and is stopped through its pid file. Its log goes to a file that is copied into
// the pod log as it grows: VolSync's `output = /dev/stdout` cannot be opened when the container's
// stdout is a socket, as it is under the embedded hub's Job runner.
import { promises as fs, readFileSync } from 'node:fs';
import { MoverExit, say, step } from '../shared/steps.js';
import { tailFile } from './tail.js';

export function stunnelGlobals(pidFile: string, logFile: string): string[] {
  return [
    'debug = debug',
    'foreground = no',
    `output = ${logFile}`,
    `pid = ${pidFile}`,
    'socket = l:SO_KEEPALIVE=1',
    'socket = l:TCP_KEEPIDLE=180',
    'socket = r:SO_KEEPALIVE=1',
    'socket = r:TCP_KEEPIDLE=180',
    'syslog = no',
  ];
}

export function stunnelBinary(): string {
  return 'stunnel';
}

/** Pid files of the stunnels this process started: a terminated mover takes them along. */
const started = new Set<string>();
const tails = new Map<string, { stop(): Promise<void> }>();
let handlersInstalled = false;

function stopAllOnSignals(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      for (const pidFile of started) {
        try {
          process.kill(Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10), 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
      process.exit(signal === 'SIGTERM' ? 143 : 130);
    });
  }
}

/** Starts stunnel on `configFile` and waits until its pid file names a live process. */
export async function startStunnel(configFile: string, pidFile: string, logFile: string, env: NodeJS.ProcessEnv): Promise<number> {
  stopAllOnSignals();
  started.add(pidFile);
  await fs.writeFile(logFile, '', { flag: 'a' });
  tails.set(pidFile, tailFile(logFile));
  const launched = await step(stunnelBinary(), [configFile], { env });
  if (launched.code !== 0) throw new MoverExit(launched.code, `stunnel could not start (exit code ${launched.code})`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pid = await readPid(pidFile);
    if (pid && isAlive(pid)) return pid;
    if (Date.now() > deadline) throw new MoverExit(1, 'stunnel did not write its pid file');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stopStunnel(pidFile: string): Promise<void> {
  started.delete(pidFile);
  try {
    await stopProcess(pidFile);
  } finally {
    await tails.get(pidFile)?.stop();
    tails.delete(pidFile);
  }
}

async function stopProcess(pidFile: string): Promise<void> {
  const pid = await readPid(pidFile);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 5_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

async function readPid(pidFile: string): Promise<number | undefined> {
  try {
    const n = Number.parseInt((await fs.readFile(pidFile, 'utf8')).trim(), 10);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function printVersions(env: NodeJS.ProcessEnv): Promise<void> {
  say('Rsync version:');
  await step('rsync', ['--version'], { env });
  say('Stunnel version:');
  await step(stunnelBinary(), ['-version'], { env });
}

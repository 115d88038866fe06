import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import pino from 'pino';
import { KubeConfig } from '@kubernetes/client-node';
import { EmbeddedHub, type HubOptions } from '../../src/hub/hub.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HubEnv {
  hub: EmbeddedHub;
  dataDir: string;
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  /** Runs the machine's real kubectl against this hub with a fresh cache directory. */
  kubectl(args: string[], opts?: { input?: string; timeoutMs?: number; kubeconfig?: string; freshCache?: boolean }): Promise<KubectlResult>;
  teardown(): Promise<void>;
}

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

export async function runKubectl(
  kubeconfig: string,
  cacheDir: string,
  args: string[],
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, {
      env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cacheDir, HOME: cacheDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Starts an embedded hub in this process on a free port in a temp dir. */
export async function startHubEnv(overrides: Partial<HubOptions> = {}): Promise<HubEnv> {
  const dataDir = overrides.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'lifeboat-hub-')));
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-kubecache-'));
  const hub = await EmbeddedHub.start({
    port: 0,
    host: '127.0.0.1',
    log: pino({ level: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'silent' }),
    ...overrides,
    dataDir,
  });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(hub.kubeconfigPath);
  return {
    hub,
    dataDir,
    kubeconfigPath: hub.kubeconfigPath,
    kubeConfig,
    async kubectl(args, opts = {}) {
      if (!opts.freshCache) return runKubectl(opts.kubeconfig ?? hub.kubeconfigPath, cacheDir, args, opts);
      const fresh = await mkdtemp(path.join(tmpdir(), 'lifeboat-kubecache-'));
      try {
        return await runKubectl(opts.kubeconfig ?? hub.kubeconfigPath, fresh, args, opts);
      } finally {
        await rm(fresh, { recursive: true, force: true });
      }
    },
    async teardown() {
      await hub.stop();
      await rm(cacheDir, { recursive: true, force: true });
      if (!overrides.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

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

/** Starts `lifeboat <command> --data-dir <dir> --port 0 …` and waits for `ready: <url>`. */
export async function startLifeboatProcess(command: 'hub' | 'up', dataDir: string, extraArgs: string[] = []): Promise<HubProcess> {
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'lifeboat.js'), command, '--data-dir', dataDir, '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LIFEBOAT_LOG_LEVEL: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'warn' },
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
    const timer = setTimeout(() => reject(new Error(`hub did not become ready: ${stderr}`)), 60_000);
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

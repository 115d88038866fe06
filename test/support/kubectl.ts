import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlOptions {
  input?: string;
  timeoutMs?: number;
}

/** Runs the machine's real kubectl with its own kubeconfig and cache directory (also its HOME). */
export async function runKubectl(kubeconfig: string, cacheDir: string, args: string[], opts: KubectlOptions = {}): Promise<KubectlResult> {
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

export type Kubectl = (args: string[], opts?: KubectlOptions & { kubeconfig?: string; freshCache?: boolean }) => Promise<KubectlResult>;

/**
 * A kubectl for one hub with a cache directory of its own (so discovery starts fresh), or with
 * `freshCache` a new one for that call. `dispose` removes the cache directory.
 */
export async function kubectlFor(kubeconfigPath: string): Promise<{ kubectl: Kubectl; dispose(): Promise<void> }> {
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-kubecache-'));
  const kubectl: Kubectl = async (args, opts = {}) => {
    const kubeconfig = opts.kubeconfig ?? kubeconfigPath;
    if (!opts.freshCache) return runKubectl(kubeconfig, cacheDir, args, opts);
    const fresh = await mkdtemp(path.join(tmpdir(), 'lifeboat-kubecache-'));
    try {
      return await runKubectl(kubeconfig, fresh, args, opts);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  };
  return { kubectl, dispose: () => rm(cacheDir, { recursive: true, force: true }) };
}

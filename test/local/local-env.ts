// An embedded hub with the local stand-ins `lifeboat up` runs (volumes, snapshots, Jobs), in this
// process, on a clock the test can move forward; plus the real `lifeboat` CLI against it.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { snapshotCrds } from '../../src/api/snapshot/index.js';
import { installCrds } from '../../src/cli/install-crds.js';
import { KubeClient, Manager, isNotFound, type Clock, type ResourceRef } from '../../src/kube/index.js';
import { LocalCluster, defaultPodLogDir, type LocalClusterOptions } from '../../src/local/cluster.js';
import { ensureDefaultClasses } from '../../src/local/volumes/default-classes.js';
import { startHubEnv, type HubEnv, type KubectlResult } from '../support/hub-env.js';
import { waitFor } from '../support/wait.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** Wall-clock time that the test can make jump forward; sleepers wake when their time has come. */
export class JumpClock implements Clock {
  private offsetMs = 0;
  private readonly sleepers = new Set<() => void>();

  now(): number {
    return Date.now() + this.offsetMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const until = this.now() + ms;
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(check);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const check = (): void => {
        clearTimeout(timer);
        if (signal?.aborted || this.now() >= until) return done();
        timer = setTimeout(check, Math.min(until - this.now(), 1000));
        timer.unref();
      };
      this.sleepers.add(check);
      signal?.addEventListener('abort', done, { once: true });
      check();
    });
  }

  jump(ms: number): void {
    this.offsetMs += ms;
    for (const wake of [...this.sleepers]) wake();
  }
}

export interface LocalEnv {
  hub: HubEnv;
  client: KubeClient;
  dataDir: string;
  clock: JumpClock;
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  /** Runs this checkout's `lifeboat` CLI. */
  lifeboat(args: string[], env?: NodeJS.ProcessEnv): Promise<KubectlResult>;
  /** Stops the stand-ins and starts them again on the same data (what a restart of `lifeboat up` does to them). */
  restartStandIns(): Promise<void>;
  teardown(): Promise<void>;
}

export async function startLocalEnv(opts: Partial<Pick<LocalClusterOptions, 'isolation' | 'capacityCheckIntervalMs' | 'logMaxBytes'>> = {}): Promise<LocalEnv> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-local-'));
  const clock = new JumpClock();
  const podLogDir = defaultPodLogDir(dataDir);
  const hub = await startHubEnv({ dataDir, podLogDir, clock: { now: () => clock.now() } });
  const client = new KubeClient(hub.kubeConfig);
  await installCrds(client, snapshotCrds());
  await ensureDefaultClasses(client);
  const log = pino({ level: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'silent' });
  const start = async (): Promise<{ manager: Manager; cluster: LocalCluster }> => {
    const cluster = await LocalCluster.prepare(client, { dataDir, podLogDir, log, capacityCheckIntervalMs: 200, ...opts });
    const manager = new Manager({ client, clock, log, defaultMetrics: false, shutdownTimeoutMs: 5000 });
    for (const spec of cluster.controllers()) manager.add(spec);
    await manager.start();
    return { manager, cluster };
  };
  let running = await start();
  const stop = async (): Promise<void> => {
    await running.cluster.stop(2000);
    await running.manager.stop();
  };
  return {
    hub,
    client,
    dataDir,
    clock,
    kubectl: (args, input) => hub.kubectl(args, { input }),
    lifeboat: (args, env = {}) => runLifeboat(args, { ...process.env, KUBECONFIG: '', ...env }),
    async restartStandIns() {
      await stop();
      running = await start();
    },
    async teardown() {
      await stop();
      client.close();
      await hub.teardown();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function runLifeboat(args: string[], env: NodeJS.ProcessEnv): Promise<KubectlResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO, 'bin', 'lifeboat.js'), ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code as number) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Mount points a container sees, which must never appear in the host's root filesystem. */
export const CONTAINER_PATHS = ['/data', '/cache', '/rclone-config', '/credentials', '/customCA'];

export function leftoverContainerPaths(): string[] {
  return CONTAINER_PATHS.filter((p) => existsSync(p));
}

export const isRoot = process.getuid?.() === 0;

/** Whether a process whose command line matches `pattern` (pgrep -f) runs on this machine. */
export function processRunning(pattern: string): boolean {
  try {
    execFileSync('pgrep', ['-f', pattern], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A PersistentVolumeClaim manifest; `extra` is appended to its spec (two-space indented lines). */
export function claimYaml(namespace: string, name: string, opts: { storage?: string; extra?: string } = {}): string {
  return `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: ${opts.storage ?? '1Gi'}}}
${opts.extra ?? ''}
`;
}

export interface JobExtras {
  volumes?: string;
  mounts?: string;
  env?: string;
  backoffLimit?: number;
}

/** A Job manifest with one container running `sh -c command`; the extras are YAML list items at their indent. */
export function jobYaml(namespace: string, name: string, command: string, extra: JobExtras = {}): string {
  return `apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  backoffLimit: ${extra.backoffLimit ?? 0}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: mover
        image: quay.io/backube/volsync
        command: [sh, -c, ${JSON.stringify(command)}]
${extra.env ? `        env:\n${extra.env}\n` : ''}${extra.mounts ? `        volumeMounts:\n${extra.mounts}\n` : ''}${extra.volumes ? `      volumes:\n${extra.volumes}\n` : ''}`;
}

/** Waits until the object is gone from the API. */
export async function gone(client: KubeClient, ref: ResourceRef, name: string, namespace?: string): Promise<void> {
  await waitFor(
    async () =>
      client.get(ref, name, { namespace }).then(
        () => false,
        (err: unknown) => isNotFound(err),
      ),
    30_000,
    `${ref.plural} ${name} to be deleted`,
  );
}

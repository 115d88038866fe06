// Fixtures of the local volumes and Job runner suites: the stand-ins `lifeboat up` runs, in this
// process on a test/support hub, and manifests of claims and Jobs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Manager, isNotFound, type KubeClient, type ResourceRef } from '../../src/kube/index.js';
import { LocalCluster, defaultPodLogDir, type LocalClusterOptions } from '../../src/local/cluster.js';
import { ensureDefaultClasses } from '../../src/local/volumes/default-classes.js';
import { JumpClock, runLifeboat, startHub, tempDir, testLog, waitFor, type CliResult, type TestHub } from '../support/index.js';

export interface LocalEnv extends TestHub {
  clock: JumpClock;
  /** Runs this checkout's `lifeboat` CLI with no KUBECONFIG unless `env` sets one. */
  lifeboat(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** Stops the stand-ins and starts them again on the same data (what a restart of `lifeboat up` does to them). */
  restartStandIns(): Promise<void>;
}

/**
 * An embedded hub (test/support) with the snapshot CRDs, the default classes and the stand-ins
 * `lifeboat up` runs for volumes, snapshots and Jobs, on a clock the test can move forward.
 */
export async function startLocalEnv(opts: Partial<Pick<LocalClusterOptions, 'isolation' | 'capacityCheckIntervalMs' | 'logMaxBytes'>> = {}): Promise<LocalEnv> {
  const dataDir = await tempDir('local');
  const clock = new JumpClock();
  const podLogDir = defaultPodLogDir(dataDir);
  // The data dir is the test's (the hub leaves it in place): restarted stand-ins find their volumes.
  const hub = await startHub({ dataDir, podLogDir, clock, crds: ['snapshot'] });
  await ensureDefaultClasses(hub.client);
  const log = testLog();
  const start = async (): Promise<{ manager: Manager; cluster: LocalCluster }> => {
    const cluster = await LocalCluster.prepare(hub.client, { dataDir, podLogDir, log, capacityCheckIntervalMs: 200, ...opts });
    const manager = new Manager({ client: hub.client, clock, log, defaultMetrics: false, shutdownTimeoutMs: 5000 });
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
    ...hub,
    clock,
    lifeboat: (args, env = {}) => runLifeboat(args, { KUBECONFIG: '', ...env }),
    async restartStandIns() {
      await stop();
      running = await start();
    },
    async teardown() {
      await stop();
      await hub.teardown();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
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
    `${ref.plural} ${name} to be deleted`,
    async () =>
      client.get(ref, name, { namespace }).then(
        () => false,
        (err: unknown) => isNotFound(err) || false,
      ),
    30_000,
  );
}

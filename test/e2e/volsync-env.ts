// `lifeboat up` as its own process — hub, controllers, local volumes and the local Job runner —
// used as a user uses it: kubectl for objects, `lifeboat volumes path` for a volume's files; and
// the servers the end-to-end volume-replication suites put around it.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { objectHelpers, type ObjectHelpers } from '../volsync/harness.js';
import { runLifeboat, startUpProcess, tempDir, waitFor, type UpProcess } from '../support/index.js';

/**
 * Why these suites are skipped when not root: without a private mount namespace (root only) the
 * Job runner's processes see host paths, while the movers read and restic records `/data`.
 */
export const NEEDS_ROOT: string | false = process.getuid?.() === 0 ? false : 'the movers see /data only in the Job runner’s mount namespace, which needs root';

export interface UpEnv extends UpProcess, ObjectHelpers {
  /** `lifeboat volumes path ns/pvc`, once the claim is bound. */
  volumePath(namespace: string, pvc: string): Promise<string>;
}

/** `lifeboat up` (test/support) without the backup controllers, with the object helpers of the volsync suites. */
export async function startUp(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<UpEnv> {
  const up = await startUpProcess({ args: ['--no-backup-controllers', ...extraArgs], env });
  return {
    ...up,
    ...objectHelpers(up, 180_000),
    volumePath: (namespace, pvc) =>
      waitFor(
        `lifeboat volumes path ${namespace}/${pvc}`,
        async () => {
          const r = await runLifeboat(['volumes', 'path', `${namespace}/${pvc}`, '--kubeconfig', up.kubeconfigPath]);
          const out = r.stdout.trim();
          return r.code === 0 && out !== '' ? out : undefined;
        },
        60_000,
        250,
      ),
  };
}

/**
 * A restic REST repository server (`rclone serve restic`) over a host directory: the repository
 * mover Jobs reach over the network, as they would an object store, and the test reads directly.
 */
export async function startResticServer(): Promise<{ url: string; dir: string; stop(): Promise<void> }> {
  const dir = await tempDir('restic-repo');
  const child: ChildProcess = spawn('rclone', ['serve', 'restic', dir, '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const stop = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // rclone names the port it was given in its log.
    const url = await waitFor(
      'the restic REST server',
      () => {
        if (child.exitCode !== null) throw new Error(`rclone serve restic exited: ${log}`);
        const m = /Serving restic REST API on \[?(http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
        return m ? `rest:${m[1]}` : undefined;
      },
      20_000,
    );
    return { url, dir, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A port nobody listens on (for an unreachable repository). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A host directory shared by namespaces, as an NFS export would be: one static hostPath PV per
 * claim, pre-bound, so each namespace's PVC reaches the same files (an rclone `type = local` remote).
 */
export function sharedVolumeYaml(namespace: string, claim: string, hostDir: string): string {
  const pv = `${namespace}-${claim}`;
  return `
apiVersion: v1
kind: PersistentVolume
metadata: {name: ${pv}}
spec:
  capacity: {storage: 20Gi}
  accessModes: [ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: ""
  hostPath: {path: ${hostDir}}
  claimRef: {namespace: ${namespace}, name: ${claim}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${claim}, namespace: ${namespace}}
spec:
  accessModes: [ReadWriteMany]
  storageClassName: ""
  volumeName: ${pv}
  resources: {requests: {storage: 20Gi}}
`;
}

export { conditionOf } from '../volsync/conditions.js';

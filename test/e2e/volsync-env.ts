// `lifeboat up` as its own process — hub, controllers, local volumes and the local Job runner —
// used as a user uses it: kubectl for objects, `lifeboat volumes path` for a volume's files.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, NAMESPACES, isAlreadyExists, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { runKubectl, startLifeboatProcess, type HubProcess, type KubectlResult } from '../support/hub-env.js';
import { waitFor } from '../support/wait.js';
import { pollObject } from '../volsync/harness.js';
import { runTool } from '../volsync/mover-run.js';

const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

export interface UpEnv {
  dataDir: string;
  client: KubeClient;
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  apply(yaml: string): Promise<void>;
  namespace(name: string): Promise<void>;
  /** `lifeboat volumes path ns/pvc`, once the claim is bound. */
  volumePath(namespace: string, pvc: string): Promise<string>;
  get<T extends KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T | undefined>;
  /** Polls the object until `check` holds; returns it. */
  waitForObject<T extends KubeObject>(
    ref: ResourceRef,
    namespace: string,
    name: string,
    what: string,
    check: (o: T) => boolean,
    timeoutMs?: number,
  ): Promise<T>;
  stop(): Promise<void>;
}

export async function startUp(extraArgs: string[] = []): Promise<UpEnv> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-volsync-e2e-'));
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'lifeboat-kubecache-'));
  let up: HubProcess;
  try {
    up = await startLifeboatProcess('up', dataDir, ['--no-backup-controllers', ...extraArgs]);
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(up.kubeconfigPath);
  const client = new KubeClient(kubeConfig);
  const kubectl = (args: string[], input?: string) => runKubectl(up.kubeconfigPath, cacheDir, args, { input });
  const get = async <T extends KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T | undefined> => {
    try {
      return await client.get<T>(ref, name, { namespace });
    } catch {
      return undefined;
    }
  };
  return {
    dataDir,
    client,
    kubectl,
    get,
    async apply(yaml) {
      const r = await kubectl(['apply', '-f', '-'], yaml);
      if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
    },
    async namespace(name) {
      try {
        await client.create(NAMESPACES, { metadata: { name } });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    },
    async volumePath(namespace, pvc) {
      let out = '';
      await waitFor(
        async () => {
          const r = await lifeboat(['volumes', 'path', `${namespace}/${pvc}`, '--kubeconfig', up.kubeconfigPath]);
          out = r.stdout.trim();
          return r.code === 0 && out !== '';
        },
        60_000,
        `lifeboat volumes path ${namespace}/${pvc}`,
        250,
      );
      return out;
    },
    waitForObject: (ref, namespace, name, what, check, timeoutMs = 180_000) => pollObject(get, ref, namespace, name, what, check, timeoutMs),
    async stop() {
      client.close();
      await up.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

export function lifeboat(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runTool(process.execPath, [path.join(REPO, 'bin', 'lifeboat.js'), ...args], {});
}

/**
 * A restic REST repository server (`rclone serve restic`) over a host directory: the repository
 * mover Jobs reach over the network, as they would an object store, and the test reads directly.
 */
export async function startResticServer(): Promise<{ url: string; dir: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifeboat-restic-repo-'));
  const port = await freePort();
  const child: ChildProcess = spawn('rclone', ['serve', 'restic', dir, '--addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = `rest:http://127.0.0.1:${port}/`;
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const probe = createServer();
        probe.once('error', () => resolve(true)); // in use: the server listens
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
      }),
    10_000,
    'the restic REST server',
  );
  return {
    url,
    dir,
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

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

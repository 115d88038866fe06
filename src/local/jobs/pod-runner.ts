// The kubelet of the one local node, for the pods of batch/v1 Jobs: it places a pod once its claims
// are bound, runs its container's command as a local process with the pod's environment, volumes
// and paths, keeps the output as the pod log, reports the container's state in the pod's status,
// and stops the process when the pod is deleted. Pods of anything but a Job are not run.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Container, Pod, PodStatus } from '../../api/core/index.js';
import { PERSISTENT_VOLUME_CLAIMS, PODS, isConflict, isNotFound, type KubeClient, type ReconcileContext, type ReconcileRequest, type Reconciler } from '../../kube/index.js';
import type { ControllerSpec } from '../../kube/runtime/contract.js';
import { podLogDir, podLogFile } from '../../util/pod-logs.js';
import { getIfExists, hasFinalizer, setFinalizer } from '../object-access.js';
import { requestOf } from '../requests.js';
import { podClaimNames, podIsFinished } from '../volumes/protection.js';
import { removeTree } from '../volumes/tree.js';
import { findFullVolume, volumeFullMessage, watchCapacity, type VolumeFull } from './capacity-watch.js';
import { containerEnvironment } from './container-env.js';
import { processRecordFile, startContainerProcess, type ContainerExit, type ContainerProcess, type Isolation } from './container-process.js';
import { PROCESS_FINALIZER } from './constants.js';
import { containerArgv, lifeboatCheckout, translatedMountEnv } from './container-command.js';
import { PodLogWriter } from './log-writer.js';
import { isolatedCommand } from './mount-namespace.js';
import { ContainerConfigError, PodInputs } from './pod-inputs.js';
import { failedStatus, podConditionStatus, runningStatus, terminatedStatus } from './pod-status.js';
import { hostMounts, type HostMount } from './pod-volumes.js';
import { placePod } from './scheduling.js';
import { POD_ADDRESS_ENV, podAddress } from './pod-address.js';
import { unsupportedTemplate } from './pod-template.js';

export interface PodRunnerOptions {
  /** The hub's data directory: pods' private directories go under <dataDir>/pods. */
  dataDir: string;
  /** Where pod logs are written (the hub serves them from there). */
  podLogDir: string;
  nodeName: string;
  isolation: Isolation;
  logMaxBytes: number;
  /** How often writable claims are measured against their capacity. */
  capacityCheckIntervalMs: number;
  /** Given to every container before the pod's own variables. */
  hostEnv: Record<string, string>;
  log: Logger;
}

interface Running {
  process: ContainerProcess;
  /** Set once the process is being stopped, with what the log should say about it. */
  stopping?: Promise<ContainerExit>;
  done: Promise<void>;
}

const DEFAULT_GRACE_SECONDS = 30;
const STATUS_WRITE_ATTEMPTS = 5;

export class PodRunner implements Reconciler {
  private readonly running = new Map<string, Running>();
  private closed = false;

  constructor(
    private readonly client: KubeClient,
    private readonly opts: PodRunnerOptions,
  ) {}

  get podsDir(): string {
    return path.join(path.resolve(this.opts.dataDir), 'pods');
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<void> {
    const pod = await getIfExists<Pod>(ctx.client, PODS, req.name, req.namespace, ctx.signal);
    if (!pod) {
      // Removed without a graceful deletion (e.g. its finalizer was taken off by hand).
      for (const [key, run] of this.running) if (key.startsWith(`${req.namespace}/${req.name}/`)) run.process.kill();
      await removeTree(podLogDir(this.opts.podLogDir, req.namespace, req.name));
      return;
    }
    if (!isJobPod(pod)) return;
    const key = runKey(pod);
    const run = this.running.get(key);
    if (pod.metadata.deletionTimestamp) {
      if (run) {
        if (!run.stopping) {
          ctx.events.event(pod, 'Normal', 'Killing', `Stopping container ${pod.spec?.containers[0]?.name ?? ''}`);
          run.stopping = run.process.terminate((pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS) * 1000);
        }
        return;
      }
      await setFinalizer(ctx.client, PODS, pod, PROCESS_FINALIZER, false);
      return;
    }
    if (run) return;
    if (podIsFinished(pod)) {
      await setFinalizer(ctx.client, PODS, pod, PROCESS_FINALIZER, false);
      return;
    }
    const container = pod.spec?.containers?.[0];
    if (!container) return;
    if (pod.status?.phase === 'Running' || hasFinalizer(pod, PROCESS_FINALIZER)) {
      // It was started by a runner that is gone: its process went with it. Never report success.
      const message = `the lifeboat process that ran this pod on node ${this.opts.nodeName} stopped while the container was running`;
      await this.writeStatus(pod, failedStatus(pod, container, ctx.clock.now(), 'NodeLost', message, false));
      await setFinalizer(ctx.client, PODS, await ctx.client.get<Pod>(PODS, req.name, { namespace: req.namespace }), PROCESS_FINALIZER, false);
      this.opts.log.warn({ namespace: req.namespace, pod: req.name }, 'marked a pod whose process was lost Failed');
      return;
    }
    if (!pod.spec?.nodeName) {
      await this.schedule(pod, ctx);
      return;
    }
    if (pod.spec.nodeName !== this.opts.nodeName || this.closed) return;
    await this.start(pod, container, key, ctx);
  }

  private async schedule(pod: Pod, ctx: ReconcileContext): Promise<void> {
    const placement = await placePod(ctx.client, pod, this.opts.nodeName);
    if (!placement.placed) {
      if (placement.unschedulable) {
        const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
        if (current?.message !== placement.unschedulable) {
          ctx.events.event(pod, 'Warning', 'FailedScheduling', placement.unschedulable);
          await this.writeStatus(pod, podConditionStatus(pod, 'PodScheduled', 'False', 'Unschedulable', placement.unschedulable, ctx.clock.now()));
        }
      }
      return;
    }
    // As a scheduler does: through the binding subresource (a pod's nodeName cannot be updated).
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.metadata.name }, target: { apiVersion: 'v1', kind: 'Node', name: this.opts.nodeName } };
    await ctx.client.createSubresource(PODS, pod.metadata.name ?? '', 'binding', binding, { namespace: pod.metadata.namespace });
    ctx.events.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${this.opts.nodeName}`);
  }

  private async start(pod: Pod, container: Container, key: string, ctx: ReconcileContext): Promise<void> {
    const now = ctx.clock.now();
    const unsupported = unsupportedTemplate(pod.spec ?? { containers: [] });
    if (unsupported) {
      await this.writeStatus(pod, failedStatus(pod, container, now, 'UnsupportedPodTemplate', unsupported, true));
      return;
    }
    const podDir = path.join(this.podsDir, pod.metadata.uid ?? '');
    await removeTree(podDir);
    await fs.mkdir(podDir, { recursive: true, mode: 0o700 });
    const privateTmp = path.join(podDir, 'tmp');
    await fs.mkdir(privateTmp, { mode: 0o1777 });
    await fs.chmod(privateTmp, 0o1777);

    let mounts: HostMount[];
    let env: Record<string, string>;
    let argv: string[];
    try {
      const inputs = new PodInputs(ctx.client, pod);
      const resolved = await containerEnvironment(pod, container, inputs);
      for (const warning of resolved.warnings) ctx.events.event(pod, 'Warning', 'InvalidEnvironmentVariableNames', warning);
      mounts = await hostMounts(ctx.client, pod, container, inputs, podDir);
      env = { [POD_ADDRESS_ENV]: await podAddress(ctx.client, pod), ...this.processEnv(pod, resolved.env, mounts) };
      argv = containerArgv(container, resolved.env);
    } catch (err) {
      if (!(err instanceof ContainerConfigError)) {
        await removeTree(podDir);
        throw err;
      }
      ctx.events.event(pod, 'Warning', 'Failed', `Error: ${err.message}`);
      await this.writeStatus(pod, failedStatus(pod, container, now, 'CreateContainerConfigError', err.message, true));
      await removeTree(podDir);
      return;
    }

    await setFinalizer(ctx.client, PODS, pod, PROCESS_FINALIZER, true);
    const containerID = `lifeboat://${pod.metadata.uid}`;
    await this.writeStatus(pod, runningStatus(pod, container, now, containerID));
    const writer = new PodLogWriter(podLogFile(this.opts.podLogDir, pod.metadata.namespace ?? '', pod.metadata.name ?? '', container.name), this.opts.logMaxBytes, Date.now);
    const isolated = this.opts.isolation === 'mount-namespace';
    const workingDir = container.workingDir || '/';
    const process = startContainerProcess({
      argv: isolated
        ? isolatedCommand({ root: await emptyDir(podDir, 'root'), scratch: await emptyDir(podDir, 'overlays'), privateTmp, mounts, workingDir, argv, keep: [lifeboatCheckout()] })
        : argv,
      env,
      cwd: isolated ? podDir : translatedPath(workingDir, mounts) ?? (await emptyDir(podDir, 'work')),
      isolation: this.opts.isolation,
      recordFile: processRecordFile(podDir),
      onOutput: (stream, chunk) => writer.write(stream, chunk),
    });
    ctx.events.event(pod, 'Normal', 'Started', `Started container ${container.name}`);
    this.opts.log.info({ namespace: pod.metadata.namespace, pod: pod.metadata.name, pid: process.pid, isolation: this.opts.isolation }, 'container started');

    let full: VolumeFull | undefined;
    const writable = mounts.filter((m) => m.claim && !m.readOnly).map((m) => m.claim as NonNullable<HostMount['claim']>);
    const claims = uniqueClaims(writable);
    const stopWatching = watchCapacity(claims, this.opts.capacityCheckIntervalMs, (found) => {
      full = found;
      process.kill();
    });
    const run: Running = {
      process,
      done: process.exited.then(async (exit) => {
        stopWatching();
        // A process that wrote past a claim's capacity between two checks would have hit a full
        // filesystem: measured once more at its end, it fails as it would have on a real volume.
        if (!full && exit.exitCode === 0 && !exit.startError) {
          full = await findFullVolume(claims).catch(() => undefined);
          if (full) exit = { ...exit, exitCode: 1 };
        }
        const finishedAt = ctx.clock.now();
        let reason = exit.exitCode === 0 ? 'Completed' : 'Error';
        let message: string | undefined;
        if (exit.startError) {
          reason = 'StartError';
          message = exit.startError;
        } else if (full) {
          message = volumeFullMessage(full);
        }
        if (message) writer.note(message);
        writer.close();
        try {
          await this.writeStatus(pod, terminatedStatus(pod, container, { exitCode: exit.exitCode, reason, message, startedAt: now, finishedAt }, containerID));
        } catch (err) {
          this.opts.log.error({ err, namespace: pod.metadata.namespace, pod: pod.metadata.name }, 'could not record the end of a container');
        }
        this.running.delete(key);
        await this.releasePod(pod);
        await removeTree(podDir).catch(() => undefined);
        this.opts.log.info({ namespace: pod.metadata.namespace, pod: pod.metadata.name, exitCode: exit.exitCode, reason }, 'container ended');
      }),
    };
    this.running.set(key, run);
  }

  /** The process environment: a container's usual variables, then the pod's own. */
  private processEnv(pod: Pod, env: Map<string, string>, mounts: HostMount[]): Record<string, string> {
    const base: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: pod.metadata.name ?? '',
      HOME: process.env.HOME ?? '/root',
      ...this.opts.hostEnv,
    };
    const translated = this.opts.isolation === 'none' ? translatedMountEnv(mounts) : {};
    return { ...base, ...translated, ...Object.fromEntries(env) };
  }

  private async releasePod(pod: Pod): Promise<void> {
    try {
      const current = await getIfExists<Pod>(this.client, PODS, pod.metadata.name ?? '', pod.metadata.namespace);
      if (current && current.metadata.uid === pod.metadata.uid) await setFinalizer(this.client, PODS, current, PROCESS_FINALIZER, false);
    } catch (err) {
      this.opts.log.warn({ err, namespace: pod.metadata.namespace, pod: pod.metadata.name }, 'could not release a finished pod; it is released on the next pass');
    }
  }

  /** Replaces the pod's status, re-reading it on conflicts. */
  private async writeStatus(pod: Pod, status: PodStatus): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await getIfExists<Pod>(this.client, PODS, pod.metadata.name ?? '', pod.metadata.namespace);
      if (!current || current.metadata.uid !== pod.metadata.uid) return;
      try {
        await this.client.updateStatus(PODS, { ...current, status });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err) || attempt >= STATUS_WRITE_ATTEMPTS) throw err;
      }
    }
  }

  /** Stops every process (the runner is shutting down) and records how each pod ended. */
  async stop(graceMs: number): Promise<void> {
    this.closed = true;
    const runs = [...this.running.values()];
    for (const run of runs) run.stopping ??= run.process.terminate(graceMs);
    await Promise.all(runs.map((r) => r.done));
  }
}

function isJobPod(pod: Pod): boolean {
  return (pod.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.kind === 'Job' && r.apiVersion === 'batch/v1');
}

function runKey(pod: Pod): string {
  return `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;
}

function uniqueClaims<T extends { namespace: string; name: string }>(claims: T[]): T[] {
  const seen = new Set<string>();
  return claims.filter((c) => !seen.has(`${c.namespace}/${c.name}`) && seen.add(`${c.namespace}/${c.name}`));
}

/** Where a container path lies on the host when no mount namespace maps it. */
function translatedPath(containerPath: string, mounts: HostMount[]): string | undefined {
  const m = [...mounts].sort((a, b) => b.mountPath.length - a.mountPath.length).find((x) => containerPath === x.mountPath || containerPath.startsWith(`${x.mountPath}/`));
  return m ? path.join(m.source, path.relative(m.mountPath, containerPath)) : undefined;
}

async function emptyDir(parent: string, name: string): Promise<string> {
  const dir = path.join(parent, name);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export function podRunnerController(runner: PodRunner): ControllerSpec {
  return {
    name: 'local-pods',
    for: PODS,
    watches: [
      {
        // A claim that binds lets a pod waiting for it be placed.
        target: PERSISTENT_VOLUME_CLAIMS,
        map: (obj, pods) =>
          pods()
            .filter((p) => p.metadata?.namespace === obj.metadata?.namespace && !(p as Pod).spec?.nodeName && podClaimNames(p as Pod).includes(obj.metadata?.name ?? ''))
            .map(requestOf),
      },
    ],
    reconciler: runner,
    concurrency: 4,
  };
}

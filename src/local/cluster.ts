// The cluster components the volume-replication controllers rely on, on one machine: the volume
// provisioner, binder and snapshotter, the Job controller and the kubelet-like pod runner. They
// talk to the hub through the same API as any controller, so controllers never see the difference.
import path from 'node:path';
import type { Logger } from 'pino';
import type { KubeClient } from '../kube/index.js';
import type { ControllerSpec } from '../kube/runtime/contract.js';
import { claimController } from './volumes/claim-controller.js';
import { contentController } from './volumes/content-controller.js';
import { VolumeLayout } from './volumes/layout.js';
import { snapshotController } from './volumes/snapshot-controller.js';
import { sweepVolumeDirectories } from './volumes/sweep.js';
import { volumeController } from './volumes/volume-controller.js';
import { DEFAULT_LOG_MAX_BYTES, defaultNodeName } from './jobs/constants.js';
import { detectIsolation, type Isolation } from './jobs/container-process.js';
import { jobController } from './jobs/job-controller.js';
import { PodRunner, podRunnerController } from './jobs/pod-runner.js';
import { loadBalancerController } from './services/load-balancer.js';
import { PortForwarder } from './services/port-forwarder.js';
import { clearInterruptedPods } from './jobs/prepare.js';

export interface LocalClusterOptions {
  /** The hub's data directory: volumes/, snapshots/ and pods/ go there. */
  dataDir: string;
  /** Where container logs go; the hub serves pods/{name}/log from there (HubOptions.podLogDir). */
  podLogDir: string;
  nodeName?: string;
  /** How processes get the pod's paths; default: a mount namespace when root, else translated paths. */
  isolation?: Isolation;
  logMaxBytes?: number;
  capacityCheckIntervalMs?: number;
  /** Variables of the runner's own environment every container also gets (test knobs of the movers). */
  hostEnv?: Record<string, string>;
  log: Logger;
}

/** `<data-dir>/pod-logs`: the directory `lifeboat up` gives both the hub and the runner. */
export function defaultPodLogDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'pod-logs');
}

export class LocalCluster {
  private constructor(
    private readonly layout: VolumeLayout,
    private readonly runner: PodRunner,
    private readonly log: Logger,
  ) {
    this.forwarder = new PortForwarder(log);
  }

  private readonly forwarder: PortForwarder;

  /** Converges what a previous run left (directories, processes) before any controller starts. */
  static async prepare(client: KubeClient, opts: LocalClusterOptions): Promise<LocalCluster> {
    const log = opts.log.child({ component: 'local-cluster' });
    const layout = new VolumeLayout(opts.dataDir);
    await sweepVolumeDirectories(client, layout, log);
    const isolation = opts.isolation ?? (await detectIsolation());
    if (isolation === 'none') {
      log.warn('containers run without a mount namespace (needs root and unshare): they see host paths, given as LIFEBOAT_MOUNT_<PATH> variables');
    }
    const runner = new PodRunner(client, {
      dataDir: opts.dataDir,
      podLogDir: opts.podLogDir,
      nodeName: opts.nodeName ?? defaultNodeName(),
      isolation,
      logMaxBytes: opts.logMaxBytes ?? DEFAULT_LOG_MAX_BYTES,
      capacityCheckIntervalMs: opts.capacityCheckIntervalMs ?? 1000,
      hostEnv: opts.hostEnv ?? {},
      log: log.child({ component: 'pod-runner' }),
    });
    await clearInterruptedPods(client, runner.podsDir, opts.podLogDir, log);
    return new LocalCluster(layout, runner, log);
  }

  controllers(): ControllerSpec[] {
    return [
      claimController(this.layout, this.log),
      volumeController(this.layout, this.log),
      snapshotController(this.log),
      contentController(this.layout, this.log),
      jobController(this.log),
      podRunnerController(this.runner),
      loadBalancerController(this.log),
      this.forwarder.controller(),
    ];
  }

  /** Stops running containers (SIGTERM, SIGKILL after `graceMs`) and records how their pods ended. */
  async stop(graceMs = 10_000): Promise<void> {
    await this.runner.stop(graceMs);
    this.forwarder.stop();
  }
}

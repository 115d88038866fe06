// The registration agent's heartbeat: every lease duration (plus up to 25 % jitter) it reads the
// `managed-cluster-lease` in its cluster namespace on the hub and writes `spec.renewTime`. The hub
// creates the lease; a missing one is an error the next tick retries, as upstream.
import type { Logger } from 'pino';
import { LEASE_RESOURCE, microTime, type KubeClient, type Lease } from '../../../kube/index.js';
import { CLUSTER_LEASE_NAME, LEASE_UPDATE_JITTER_FACTOR } from '../constants.js';

export class LeaseUpdater {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Each start gets a new generation, so that a tick still in flight from before cannot fork a second loop. */
  private generation = 0;
  private intervalMs = 0;
  private failures = 0;

  constructor(
    private readonly hub: KubeClient,
    private readonly cluster: string,
    private readonly log: Logger,
    private readonly onRenewed?: () => void,
  ) {}

  /** Starts renewing every `intervalMs`; a running updater with another interval restarts. */
  ensure(intervalMs: number): void {
    if (this.running && this.intervalMs === intervalMs) return;
    this.stop();
    this.running = true;
    this.intervalMs = intervalMs;
    void this.tick(++this.generation);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(generation: number): Promise<void> {
    const current = (): boolean => this.running && generation === this.generation;
    if (!current()) return;
    try {
      const lease = await this.hub.get<Lease>(LEASE_RESOURCE, CLUSTER_LEASE_NAME, { namespace: this.cluster });
      await this.hub.update<Lease>(LEASE_RESOURCE, { ...lease, spec: { ...lease.spec, renewTime: microTime(Date.now()) } });
      if (this.failures > 0) this.log.info({ cluster: this.cluster }, 'cluster lease renewed again');
      this.failures = 0;
      this.onRenewed?.();
    } catch (err) {
      if (!current()) return;
      // A hub that is down fails every tick: say so once, then quietly keep trying.
      if (this.failures++ === 0) this.log.warn({ cluster: this.cluster, err: (err as Error).message }, 'unable to update cluster lease on hub cluster');
    }
    if (!current()) return;
    const wait = this.intervalMs * (1 + LEASE_UPDATE_JITTER_FACTOR * Math.random());
    this.timer = setTimeout(() => void this.tick(generation), wait);
    this.timer.unref?.();
  }
}

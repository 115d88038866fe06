import type { Logger } from 'pino';
import type { KubeClient } from '../client.js';
import type { Clock } from '../clock.js';
import { LeaderElector } from '../leader-election.js';

export interface LeaderElectionConfig {
  /** Namespace and name of the coordination.k8s.io/v1 Lease. */
  namespace: string;
  name: string;
  /** Defaults as client-go: 15 s, 10 s, 2 s. */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

export interface LeadershipLoopOptions {
  client: KubeClient;
  config: LeaderElectionConfig;
  identity: string;
  clock: Clock;
  log: Logger;
  onLeading: () => void;
  /** Must stop all reconciling before it resolves: a successor may take over right after. */
  onLost: () => Promise<void>;
}

/**
 * Campaigns for the lease for as long as it runs. A LeaderElector serves one term; when a term
 * ends without stop() (the lease could not be renewed), the controllers are stopped at once and a
 * new campaign begins, so this replica can lead again later.
 */
export class LeadershipLoop {
  private elector: LeaderElector | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private leading = false;

  constructor(private readonly opts: LeadershipLoopOptions) {
    // Fails fast on impossible timings, at construction rather than in the background campaign.
    this.newElector(() => undefined);
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** The holder last seen on the lease. */
  get leader(): string | undefined {
    return this.elector?.leader;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Ends the campaign; a held lease is released. Call after the controllers have drained. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.elector?.stop();
    await this.running;
  }

  private async loop(): Promise<void> {
    const { log } = this.opts;
    while (!this.stopped) {
      let lost: Promise<void> = Promise.resolve();
      try {
        this.elector = this.newElector((signal) => {
          if (signal.aborted) return; // the term ended before it began
          this.leading = true;
          log.info({ lease: this.leaseName, identity: this.opts.identity }, 'leading: starting controllers');
          this.opts.onLeading();
          // Stop reconciling the moment the term ends, before the elector releases the lease.
          signal.addEventListener(
            'abort',
            () => {
              this.leading = false;
              lost = this.opts.onLost();
            },
            { once: true },
          );
        });
        await this.elector.run();
        await lost;
      } catch (err) {
        // Not expected (the elector retries its own failures), but a campaign must never die silently.
        log.error({ lease: this.leaseName, err: err instanceof Error ? err.message : String(err) }, 'leader election failed; campaigning again');
        await lost.catch(() => undefined);
        await this.opts.clock.sleep(this.opts.config.retryPeriodMs ?? 2000);
        continue;
      }
      if (!this.stopped) log.warn({ lease: this.leaseName, identity: this.opts.identity }, 'leadership lost; campaigning again');
    }
  }

  private get leaseName(): string {
    return `${this.opts.config.namespace}/${this.opts.config.name}`;
  }

  private newElector(onStartedLeading: (signal: AbortSignal) => void): LeaderElector {
    const { config, log } = this.opts;
    return new LeaderElector(this.opts.client, {
      namespace: config.namespace,
      name: config.name,
      identity: this.opts.identity,
      leaseDurationMs: config.leaseDurationMs,
      renewDeadlineMs: config.renewDeadlineMs,
      retryPeriodMs: config.retryPeriodMs,
      clock: this.opts.clock,
      log,
      onStartedLeading,
      onNewLeader: (identity) => log.info({ lease: this.leaseName, leader: identity }, 'new leader observed'),
    });
  }
}

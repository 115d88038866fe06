import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { pino, type Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { KubeClient } from '../client.js';
import { systemClock, type Clock } from '../clock.js';
import type { CacheReader, ControllerSpec, EventRecorder } from './contract.js';
import { Controller, type DrainOptions } from './controller.js';
import { KubeEventRecorder } from './event-recorder.js';
import { LeadershipLoop, type LeaderElectionConfig } from './leadership.js';
import { RuntimeMetrics } from './metrics.js';
import { startMetricsServer, type MetricsServer, type MetricsServerOptions } from './metrics-server.js';
import type { RateLimiterOptions } from './rate-limiter.js';
import { SharedInformers } from './shared-informers.js';

export interface ManagerOptions {
  client: KubeClient;
  /** Drives requeues, retry back-off, event times and lease timing. */
  clock?: Clock;
  log?: Logger;
  /** This process among its peers: the lease holder and the events' reportingInstance. Default host name plus a random suffix. */
  identity?: string;
  /** Run controllers only while holding this Lease, so that replicas never reconcile at once. */
  leaderElection?: LeaderElectionConfig;
  /** Serve /metrics, /healthz and /readyz over HTTPS (bearer token required for /metrics). */
  metricsServer?: Omit<MetricsServerOptions, 'registry' | 'ready' | 'healthy' | 'log'>;
  /** Failed-reconcile back-off per key; default 5 ms doubling to 1000 s. */
  retry?: RateLimiterOptions;
  /** How long stop() lets in-flight reconciles finish before aborting them. Default 30 s. */
  shutdownTimeoutMs?: number;
  /** How long stop() then waits for aborted reconciles to return. Default 5 s. */
  abortGraceMs?: number;
  /** The events' reportingController for a controller; default `lifeboat.io/<controller>`. */
  reportingController?: (controller: string) => string;
  /** Re-deliver every cached object to the controllers this often, as a safety net. Default off. */
  resyncIntervalMs?: number;
  /** Collect Node.js process metrics on the registry. Default true. */
  defaultMetrics?: boolean;
}

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * Runs a set of controllers over shared informer caches: one informer per (resource, namespace)
 * whatever the number of controllers that watch it, one work queue per controller, optional
 * leader election, events, metrics, and an orderly stop.
 */
export class Manager {
  readonly identity: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** The caller's logger; controllers and caches add their own bindings to it. */
  private readonly baseLog: Logger;
  private readonly client: KubeClient;
  private readonly informers: SharedInformers;
  private readonly runtimeMetrics: RuntimeMetrics;
  private readonly controllers: Controller[] = [];
  private readonly recorders: KubeEventRecorder[] = [];
  private readonly drain: DrainOptions;
  private readonly leadership: LeadershipLoop | undefined;
  private server: MetricsServer | undefined;
  private state: State = 'new';
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: ManagerOptions) {
    this.client = opts.client;
    this.clock = opts.clock ?? systemClock;
    this.identity = opts.identity ?? `${hostname()}_${randomUUID().slice(0, 8)}`;
    this.baseLog = opts.log ?? pino({ name: 'lifeboat' });
    this.log = this.baseLog.child({ component: 'manager' });
    this.informers = new SharedInformers(this.client, {
      clock: this.clock,
      log: this.baseLog.child({ component: 'informer' }),
      resyncIntervalMs: opts.resyncIntervalMs,
    });
    this.runtimeMetrics = new RuntimeMetrics({ defaultMetrics: opts.defaultMetrics });
    this.drain = { timeoutMs: opts.shutdownTimeoutMs ?? 30_000, abortGraceMs: opts.abortGraceMs ?? 5_000 };
    if (opts.leaderElection) {
      this.leadership = new LeadershipLoop({
        client: this.client,
        config: opts.leaderElection,
        identity: this.identity,
        clock: this.clock,
        log: this.log,
        onLeading: () => this.startControllers(),
        onLost: () => this.stopControllers({ timeoutMs: 0, abortGraceMs: this.drain.abortGraceMs }),
      });
    }
  }

  /** The registry /metrics serves; register your own metrics on it. */
  get metrics(): Registry {
    return this.runtimeMetrics.registry;
  }

  /** Cached reads over every resource the controllers watch. */
  get cache(): CacheReader {
    return this.informers;
  }

  /** Where the metrics server listens, once started. */
  get metricsUrl(): string | undefined {
    return this.server?.url;
  }

  /** The certificate the metrics server presents (a generated one when none was given). */
  get metricsCertificate(): string | undefined {
    return this.server?.cert;
  }

  /** True while this manager's controllers may reconcile (always true without leader election once started). */
  get isLeader(): boolean {
    if (this.state !== 'running') return false;
    return this.leadership ? this.leadership.isLeader : true;
  }

  /** Ready: every informer synced and not shutting down. */
  get isReady(): boolean {
    return this.state === 'running' && this.informers.hasSynced;
  }

  /** An event recorder for code outside a reconciler (reporting as `name`); flushed by stop(). */
  eventRecorder(name: string): EventRecorder {
    const recorder = new KubeEventRecorder({
      client: this.client,
      controller: name,
      reportingController: this.opts.reportingController?.(name),
      reportingInstance: this.identity,
      clock: this.clock,
      log: this.baseLog.child({ component: 'events', controller: name }),
    });
    this.recorders.push(recorder);
    return recorder;
  }

  add(spec: ControllerSpec): void {
    if (this.state !== 'new') throw new Error(`controller ${spec.name}: add controllers before start()`);
    if (this.controllers.some((c) => c.name === spec.name)) throw new Error(`a controller named ${spec.name} is already added`);
    const recorder = this.eventRecorder(spec.name);
    this.controllers.push(
      new Controller(spec, {
        client: this.client,
        clock: this.clock,
        cache: this.informers,
        events: recorder,
        metrics: this.runtimeMetrics,
        log: this.baseLog,
        queue: this.opts.retry,
      }),
    );
  }

  /**
   * Resolves once every informer has synced and the workers run. With leader election it resolves
   * once the caches are synced and the campaign has begun; workers start when leadership is won.
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error('the manager was already started');
    this.state = 'starting';
    try {
      for (const c of this.controllers) await c.wire();
      if (this.opts.metricsServer) {
        this.server = await startMetricsServer({
          ...this.opts.metricsServer,
          registry: this.metrics,
          ready: () => this.isReady,
          healthy: () => this.state === 'starting' || this.state === 'running',
          log: this.log,
        });
        this.log.info({ url: this.server.url }, 'metrics server listening');
      }
      await this.informers.start();
    } catch (err) {
      // A stop() during start ends it quietly; anything else is a failure to start.
      const stoppedMeanwhile = this.stopping !== undefined;
      await this.stop();
      if (stoppedMeanwhile) return;
      throw err;
    }
    // stop() may have run while the caches were syncing.
    if (this.state !== 'starting') return;
    this.state = 'running';
    if (this.leadership) this.leadership.start();
    else this.startControllers();
    this.log.info({ identity: this.identity, controllers: this.controllers.map((c) => c.name) }, 'manager started');
  }

  /**
   * Stops taking work, lets in-flight reconciles finish (then aborts them at the deadline), and
   * only then releases the lease, so a successor never overlaps this process. Idempotent.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.state = 'stopping';
    this.log.info('manager stopping');
    await Promise.all(this.controllers.map((c) => c.close(this.drain)));
    await this.leadership?.stop();
    await Promise.all(this.recorders.map((r) => r.flush(this.drain.abortGraceMs)));
    await this.informers.stop();
    await this.server?.close();
    this.state = 'stopped';
    this.log.info('manager stopped');
  }

  private startControllers(): void {
    if (this.state !== 'running') return;
    for (const c of this.controllers) {
      c.enqueueAll();
      c.startWorkers();
    }
  }

  private async stopControllers(drain: DrainOptions): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.stopWorkers(drain)));
  }
}

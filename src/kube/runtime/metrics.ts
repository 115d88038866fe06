import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type ReconcileOutcome = 'success' | 'error' | 'requeue';

/** Seconds; spans quick cache-only decisions up to long storage operations. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * The controller runtime's Prometheus metrics, on a registry the manager owns (never the global
 * one, so that two managers in one process, as in tests, do not collide). Other code registers its
 * own metrics on `registry`.
 */
export class RuntimeMetrics {
  readonly registry: Registry;
  private readonly reconcileTotal: Counter<'controller' | 'result'>;
  private readonly reconcileErrors: Counter<'controller'>;
  private readonly reconcileDuration: Histogram<'controller'>;
  private readonly queueDepth: Gauge<'controller'>;
  private readonly queueRetries: Counter<'controller'>;

  constructor(opts: { registry?: Registry; defaultMetrics?: boolean } = {}) {
    this.registry = opts.registry ?? new Registry();
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.reconcileTotal = new Counter({
      name: 'lifeboat_reconcile_total',
      help: 'Reconciles by controller and result (success, error, requeue).',
      labelNames: ['controller', 'result'],
      registers,
    });
    this.reconcileErrors = new Counter({
      name: 'lifeboat_reconcile_errors_total',
      help: 'Reconciles that failed and were scheduled for a retry.',
      labelNames: ['controller'],
      registers,
    });
    this.reconcileDuration = new Histogram({
      name: 'lifeboat_reconcile_duration_seconds',
      help: 'Time spent in one reconcile.',
      labelNames: ['controller'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.queueDepth = new Gauge({
      name: 'lifeboat_workqueue_depth',
      help: 'Keys waiting in the controller work queue.',
      labelNames: ['controller'],
      registers,
    });
    this.queueRetries = new Counter({
      name: 'lifeboat_workqueue_retries_total',
      help: 'Keys re-queued with back-off after a failed reconcile.',
      labelNames: ['controller'],
      registers,
    });
  }

  /** Makes every series of a controller visible at zero before its first reconcile. */
  registerController(controller: string): void {
    for (const result of ['success', 'error', 'requeue'] as const) this.reconcileTotal.inc({ controller, result }, 0);
    this.reconcileErrors.inc({ controller }, 0);
    this.queueRetries.inc({ controller }, 0);
    this.queueDepth.set({ controller }, 0);
  }

  observeReconcile(controller: string, outcome: ReconcileOutcome, seconds: number): void {
    this.reconcileTotal.inc({ controller, result: outcome });
    if (outcome === 'error') this.reconcileErrors.inc({ controller });
    this.reconcileDuration.observe({ controller }, seconds);
  }

  retried(controller: string): void {
    this.queueRetries.inc({ controller });
  }

  setDepth(controller: string, depth: number): void {
    this.queueDepth.set({ controller }, depth);
  }
}

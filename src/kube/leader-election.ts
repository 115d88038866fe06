import type { Logger } from 'pino';
import type { KubeClient } from './client.js';
import { systemClock, type Clock } from './clock.js';
import { isConflict, isNotFound } from './errors.js';
import { LEASES as LEASE_RESOURCE } from '../api/builtin-resources.js';
import { microTime, type KubeObject } from '../api/meta.js';

export { LEASE_RESOURCE };

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  /** MicroTime: `2006-01-02T15:04:05.000000Z`. */
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  /** Unique per candidate, e.g. pod name plus a random suffix. */
  identity: string;
  /** How long others wait after the last observed change before taking over. Default 15 s. */
  leaseDurationMs?: number;
  /** The leader gives up if it cannot renew for this long. Default 10 s. */
  renewDeadlineMs?: number;
  /** Pause between attempts to acquire or renew. Default 2 s. */
  retryPeriodMs?: number;
  /** Clear the holder when stopped, so a successor need not wait out the lease. Default true. */
  releaseOnStop?: boolean;
  clock?: Clock;
  random?: () => number;
  log?: Logger;
  /** Called once leadership is acquired; `signal` aborts when it is lost or the elector stops. */
  onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  /** Called when leadership ends, for whatever reason. Controllers should stop their work. */
  onStoppedLeading?: () => void;
  /** Called whenever a different holder is observed (including this one). */
  onNewLeader?: (identity: string) => void;
}

// client-go's wait.JitterUntil factor for acquire retries.
const JITTER_FACTOR = 1.2;

interface Observed {
  record: Required<LeaseSpec>;
  raw: string;
  /** Local clock time at which the record was last seen to change: skew-free freshness. */
  at: number;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's algorithm: a candidate takes
 * the lease when it is missing, released, or unchanged for a whole lease duration by local time;
 * writes use the lease's resourceVersion so a 409 means another candidate won the race.
 */
export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly abort = new AbortController();
  private lease: Lease | undefined;
  private observed: Observed | undefined;
  private reportedLeader: string | undefined;
  private leading = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly client: KubeClient,
    private readonly opts: LeaderElectionOptions,
  ) {
    this.leaseDurationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    if (!opts.identity) throw new Error('leader election needs an identity');
    if (this.leaseDurationMs <= this.renewDeadlineMs) throw new Error('leaseDurationMs must be greater than renewDeadlineMs');
    if (this.renewDeadlineMs <= this.retryPeriodMs * JITTER_FACTOR) throw new Error(`renewDeadlineMs must be greater than retryPeriodMs*${JITTER_FACTOR}`);
    if (this.leaseDurationMs < 1000) throw new Error('leaseDurationMs must be at least one second: the Lease counts in seconds');
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** The holder last observed on the lease ('' when released). */
  get leader(): string | undefined {
    return this.observed?.record.holderIdentity;
  }

  /** Runs in the background until stop() or until leadership is lost. */
  start(): this {
    this.running ??= this.run();
    return this;
  }

  /** Resolves when leadership has ended (lost, or stopped). Campaigns until then. */
  run(): Promise<void> {
    this.running ??= this.campaign();
    return this.running;
  }

  /** Stops campaigning or leading and releases the lease if held. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async campaign(): Promise<void> {
    const signal = this.abort.signal;
    if (!(await this.acquire(signal))) return;
    const leadership = new AbortController();
    this.leading = true;
    this.opts.log?.info({ lease: this.leaseName(), identity: this.opts.identity }, 'became leader');
    Promise.resolve()
      .then(() => this.opts.onStartedLeading(leadership.signal))
      .catch((err: unknown) => this.opts.log?.error({ lease: this.leaseName(), err: String(err) }, 'onStartedLeading failed'));
    try {
      await this.renew(signal);
    } finally {
      this.leading = false;
      leadership.abort();
      if (signal.aborted && this.opts.releaseOnStop !== false) await this.release();
      this.opts.log?.info({ lease: this.leaseName(), identity: this.opts.identity }, 'stopped leading');
      this.opts.onStoppedLeading?.();
    }
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (await this.tryAcquireOrRenew(signal, this.renewDeadlineMs)) return true;
      await this.clock.sleep(this.retryPeriodMs * (1 + this.random() * JITTER_FACTOR), signal);
    }
    return false;
  }

  /** Renews every retry period; returns when stopped or when renewing failed for a renew deadline. */
  private async renew(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const deadline = this.clock.now() + this.renewDeadlineMs;
      let renewed = false;
      while (!signal.aborted && !renewed) {
        const remaining = deadline - this.clock.now();
        if (remaining <= 0) break;
        renewed = await this.tryAcquireOrRenew(signal, remaining);
        if (!renewed) await this.clock.sleep(Math.min(this.retryPeriodMs, Math.max(0, deadline - this.clock.now())), signal);
      }
      if (signal.aborted) return;
      if (!renewed) {
        this.opts.log?.warn({ lease: this.leaseName(), identity: this.opts.identity }, 'failed to renew the lease within the renew deadline');
        return;
      }
      await this.clock.sleep(this.retryPeriodMs, signal);
    }
  }

  private async tryAcquireOrRenew(signal: AbortSignal, timeoutMs: number): Promise<boolean> {
    const now = this.clock.now();
    const desired: Required<LeaseSpec> = {
      holderIdentity: this.opts.identity,
      leaseDurationSeconds: Math.max(1, Math.floor(this.leaseDurationMs / 1000)),
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    const call = { signal, timeoutMs };

    // Fast path: the leader assumes its last write is still the current version.
    if (this.holdsLease() && this.isLeaseValid(now) && this.observed) {
      const record = { ...desired, acquireTime: this.observed.record.acquireTime, leaseTransitions: this.observed.record.leaseTransitions };
      if (await this.write(record, call)) return true;
    }

    let current: Lease;
    try {
      current = await this.client.get<Lease>(LEASE_RESOURCE, this.opts.name, { namespace: this.opts.namespace, ...call });
    } catch (err) {
      if (!isNotFound(err)) {
        this.debug('could not read the lease', err);
        return false;
      }
      try {
        this.lease = await this.client.create<Lease>(
          LEASE_RESOURCE,
          { metadata: { name: this.opts.name, namespace: this.opts.namespace }, spec: desired },
          call,
        );
      } catch (createErr) {
        this.debug('could not create the lease', createErr);
        return false;
      }
      this.observe(desired);
      return true;
    }
    this.lease = current;
    const record = normalize(current.spec);
    if (JSON.stringify(record) !== this.observed?.raw) this.observe(record);

    if (record.holderIdentity !== '' && this.isLeaseValid(now) && !this.holdsLease()) return false;

    const next = this.holdsLease()
      ? { ...desired, acquireTime: record.acquireTime, leaseTransitions: record.leaseTransitions }
      : { ...desired, leaseTransitions: record.leaseTransitions + 1 };
    return this.write(next, call);
  }

  /** Clears the holder so that a successor can take over at once. */
  private async release(): Promise<void> {
    if (!this.holdsLease() || !this.observed) return;
    const now = this.clock.now();
    const record: Required<LeaseSpec> = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: this.observed.record.leaseTransitions,
    };
    // Not tied to the stop signal, which has already fired. A renewal aborted by that signal may
    // still have been committed, leaving our resourceVersion stale: on a failed write, re-read the
    // lease and retry while it is still ours, as client-go's release does with a fresh GET.
    const deadline = this.clock.now() + this.renewDeadlineMs;
    for (;;) {
      if (await this.write(record, { timeoutMs: Math.max(1, deadline - this.clock.now()) })) return;
      if (this.clock.now() >= deadline || !(await this.stillHeldByUs(deadline))) break;
    }
    this.opts.log?.warn({ lease: this.leaseName() }, 'could not release the lease; successors wait for it to expire');
  }

  /** Re-reads the lease for a retried release; false when someone else holds it now. */
  private async stillHeldByUs(deadline: number): Promise<boolean> {
    try {
      this.lease = await this.client.get<Lease>(LEASE_RESOURCE, this.opts.name, {
        namespace: this.opts.namespace,
        timeoutMs: Math.max(1, deadline - this.clock.now()),
      });
    } catch (err) {
      this.debug('could not re-read the lease to release it', err);
      return false;
    }
    return normalize(this.lease.spec).holderIdentity === this.opts.identity;
  }

  /** PUT with the resourceVersion last read: a 409 means someone else wrote first. */
  private async write(record: Required<LeaseSpec>, call: { signal?: AbortSignal; timeoutMs: number }): Promise<boolean> {
    if (!this.lease) return false;
    try {
      this.lease = await this.client.update<Lease>(LEASE_RESOURCE, { ...this.lease, spec: { ...this.lease.spec, ...record } }, call);
    } catch (err) {
      this.debug(isConflict(err) ? 'another candidate wrote the lease first' : 'could not update the lease', err);
      return false;
    }
    this.observe(record);
    return true;
  }

  private observe(record: Required<LeaseSpec>): void {
    this.observed = { record, raw: JSON.stringify(record), at: this.clock.now() };
    if (record.holderIdentity !== this.reportedLeader) {
      this.reportedLeader = record.holderIdentity;
      if (record.holderIdentity) this.opts.onNewLeader?.(record.holderIdentity);
    }
  }

  private holdsLease(): boolean {
    return this.observed?.record.holderIdentity === this.opts.identity;
  }

  private isLeaseValid(now: number): boolean {
    if (!this.observed) return false;
    return this.observed.at + this.observed.record.leaseDurationSeconds * 1000 > now;
  }

  private leaseName(): string {
    return `${this.opts.namespace}/${this.opts.name}`;
  }

  private debug(msg: string, err: unknown): void {
    this.opts.log?.debug({ lease: this.leaseName(), identity: this.opts.identity, err: err instanceof Error ? err.message : String(err) }, msg);
  }
}

function normalize(spec: LeaseSpec | undefined): Required<LeaseSpec> {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: spec?.acquireTime ?? '',
    renewTime: spec?.renewTime ?? '',
    leaseTransitions: spec?.leaseTransitions ?? 0,
  };
}

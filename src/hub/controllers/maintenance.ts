import type { Logger } from 'pino';
import type { HubContext } from '../rest/context.js';
import type { RestStore } from '../rest/rest-store.js';
import { describeError } from '../../util/safe-error.js';

export interface MaintenanceOptions {
  /** Events older than this are deleted (kube-apiserver's --event-ttl, default 1 h). */
  eventTtlMs: number;
  /** The change log keeps at least this many changes… */
  historyMinChanges: number;
  /** …and everything younger than this. */
  historyMinAgeMs: number;
  intervalMs: number;
}

export const DEFAULT_MAINTENANCE: MaintenanceOptions = {
  eventTtlMs: 3600_000,
  historyMinChanges: 10_000,
  historyMinAgeMs: 10 * 60_000,
  intervalMs: 60_000,
};

/** Event TTL, change-log compaction and WAL checkpoints, on one timer. */
export class Maintenance {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly ctx: HubContext,
    private readonly rest: RestStore,
    private readonly log: Logger,
    private readonly opts: MaintenanceOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.expireEvents();
      const removed = this.ctx.store.compact(this.opts.historyMinChanges, this.opts.historyMinAgeMs, this.ctx.clock.now());
      if (removed > 0) {
        this.log.debug({ removed, compactedRv: this.ctx.store.compactedRv() }, 'compacted watch history');
        this.ctx.store.checkpoint();
      }
    } catch (err) {
      this.log.warn({ error: describeError(err) }, 'maintenance failed');
    } finally {
      this.running = false;
    }
  }

  private async expireEvents(): Promise<void> {
    const cutoff = this.ctx.clock.now() - this.opts.eventTtlMs;
    const expired: { namespace: string; name: string }[] = [];
    for (const ev of this.ctx.store.scan('/events', undefined)) {
      const e = ev as { lastTimestamp?: string; eventTime?: string; metadata: { creationTimestamp?: string; namespace?: string; name?: string } };
      const when = Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
      if (Number.isFinite(when) && when < cutoff) expired.push({ namespace: e.metadata.namespace ?? '', name: e.metadata.name ?? '' });
    }
    for (const k of expired) await this.rest.deleteByKey({ storageKey: '/events', ...k });
  }
}

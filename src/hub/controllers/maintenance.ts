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
  /** Changes dropped per statement, with the event loop free between statements. */
  compactionSlice: number;
  intervalMs: number;
}

export const DEFAULT_MAINTENANCE: MaintenanceOptions = {
  eventTtlMs: 3600_000,
  historyMinChanges: 10_000,
  historyMinAgeMs: 10 * 60_000,
  // ≈ 50 ms of deleting ~2 KiB changes on this project's 2-core VM (bench/hub-housekeeping.ts).
  compactionSlice: 2000,
  intervalMs: 60_000,
};

/** Event TTL, change-log compaction and WAL checkpoints, on one timer. */
export class Maintenance {
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;

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
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.expireEvents();
      const removed = await this.compactHistory();
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

  /**
   * Drops old watch history a slice at a time, with the event loop free between slices: deleting a
   * change row reads its bodies' overflow pages, so one statement for a restore's 100,000 changes
   * would hold every request for the whole of it.
   */
  private async compactHistory(): Promise<number> {
    const { store } = this.ctx;
    const upTo = store.compactionPoint(this.opts.historyMinChanges, this.opts.historyMinAgeMs, this.ctx.clock.now());
    let removed = 0;
    while (store.compactedRv() < upTo && !this.stopped) {
      removed += store.compactTo(Math.min(upTo, store.compactedRv() + this.opts.compactionSlice));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return removed;
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

import type { Logger } from 'pino';
import type { KubeClient } from '../client.js';
import { systemClock, type Clock } from '../clock.js';
import { isAlreadyExists, isNotFound } from '../errors.js';
import { EVENTS_V1 } from '../../api/builtin-resources.js';
import { microTime, type KubeObject } from '../../api/meta.js';
import type { EventRecorder, EventType } from './contract.js';

export { EVENTS_V1 };

/** events.k8s.io/v1 Event, as far as the recorder writes it. */
export interface EventV1 extends KubeObject {
  eventTime: string;
  series?: { count: number; lastObservedTime: string };
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  note?: string;
  type: EventType;
  regarding: { apiVersion?: string; kind?: string; name?: string; namespace?: string; uid?: string };
}

export interface EventRecorderOptions {
  client: KubeClient;
  /** The controller's name; the default reporting controller is `lifeboat.io/<controller>`. */
  controller: string;
  reportingController?: string;
  /** Which process reported the event, e.g. the manager's identity. */
  reportingInstance: string;
  clock?: Clock;
  log?: Logger;
  /** Repeats within this long extend the existing event's series. Default 10 minutes. */
  seriesWindowMs?: number;
}

const DEFAULT_SERIES_WINDOW_MS = 10 * 60_000;
// The API server rejects longer values (events.k8s.io/v1 validation).
const MAX_NOTE_BYTES = 1024;
const MAX_FIELD_CHARS = 128;

interface Recorded {
  name: string;
  namespace: string;
  count: number;
  lastObservedAt: number;
}

/**
 * Records events.k8s.io/v1 Events about objects. The same (object, type, reason, note) seen again
 * within the series window becomes a count on the first event instead of a new one, so a reconcile
 * loop that fails every few seconds does not flood the namespace. Failures are logged, never thrown:
 * an event is a courtesy to the user and must not fail a reconcile.
 */
export class KubeEventRecorder implements EventRecorder {
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly reportingController: string;
  private readonly recorded = new Map<string, Recorded>();
  /** Writes of one series run in order, so a repeat knows the name the first write used. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  private sequence = 0n;

  constructor(private readonly opts: EventRecorderOptions) {
    this.clock = opts.clock ?? systemClock;
    this.windowMs = opts.seriesWindowMs ?? DEFAULT_SERIES_WINDOW_MS;
    this.reportingController = opts.reportingController ?? `lifeboat.io/${opts.controller}`;
  }

  event(regarding: KubeObject, type: EventType, reason: string, note: string, action?: string): void {
    try {
      const meta = regarding.metadata;
      if (!meta?.name) {
        this.opts.log?.warn({ reason }, 'event not recorded: the object has no name');
        return;
      }
      const seriesKey = JSON.stringify([regarding.apiVersion, regarding.kind, meta.namespace ?? '', meta.name, meta.uid ?? '', type, reason, note]);
      // The event happened now, not when an earlier write of its series lets it through.
      const observedAt = this.clock.now();
      const previous = this.chains.get(seriesKey) ?? Promise.resolve();
      const write = previous.then(() => this.write(seriesKey, observedAt, regarding, type, reason, note, action));
      this.chains.set(seriesKey, write);
      this.pending.add(write);
      void write.finally(() => {
        this.pending.delete(write);
        if (this.chains.get(seriesKey) === write) this.chains.delete(seriesKey);
      });
    } catch (err) {
      this.opts.log?.warn({ reason, err: errorText(err) }, 'event not recorded');
    }
  }

  /** Waits (up to `timeoutMs` of wall time) for events already recorded to reach the API. */
  async flush(timeoutMs = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.pending]), deadline]);
    clearTimeout(timer);
  }

  private async write(
    seriesKey: string,
    now: number,
    regarding: KubeObject,
    type: EventType,
    reason: string,
    note: string,
    action: string | undefined,
  ): Promise<void> {
    this.forgetExpired(now);
    const known = this.recorded.get(seriesKey);
    const fields = { namespace: regarding.metadata?.namespace ?? '', name: regarding.metadata?.name ?? '', reason };
    try {
      if (known && now - known.lastObservedAt <= this.windowMs) {
        const count = known.count + 1;
        try {
          await this.opts.client.patch(
            EVENTS_V1,
            known.name,
            { series: { count, lastObservedTime: microTime(now) } },
            { type: 'merge', namespace: known.namespace },
          );
          this.recorded.set(seriesKey, { ...known, count, lastObservedAt: now });
          return;
        } catch (err) {
          // The API server expires events (an hour by default); the repeat starts a new one.
          if (!isNotFound(err)) throw err;
        }
      }
      const created = await this.create(regarding, type, reason, note, action, now);
      this.recorded.set(seriesKey, { name: created.name, namespace: created.namespace, count: 1, lastObservedAt: now });
    } catch (err) {
      this.opts.log?.warn({ ...fields, err: errorText(err) }, 'could not record event');
    }
  }

  private async create(
    regarding: KubeObject,
    type: EventType,
    reason: string,
    note: string,
    action: string | undefined,
    now: number,
  ): Promise<{ name: string; namespace: string }> {
    const meta = regarding.metadata ?? {};
    const namespace = meta.namespace || 'default';
    const body = (): EventV1 => ({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: { name: `${meta.name}.${this.nanoStamp(now)}`, namespace },
      eventTime: microTime(now),
      reportingController: this.reportingController.slice(0, MAX_FIELD_CHARS),
      reportingInstance: this.opts.reportingInstance.slice(0, MAX_FIELD_CHARS),
      action: (action ?? reason).slice(0, MAX_FIELD_CHARS),
      reason: reason.slice(0, MAX_FIELD_CHARS),
      note: truncateBytes(note, MAX_NOTE_BYTES),
      type,
      regarding: {
        apiVersion: regarding.apiVersion,
        kind: regarding.kind,
        name: meta.name,
        ...(meta.namespace ? { namespace: meta.namespace } : {}),
        ...(meta.uid ? { uid: meta.uid } : {}),
      },
    });
    let event = body();
    try {
      await this.opts.client.create(EVENTS_V1, event);
    } catch (err) {
      // Two events of one object in the same nanosecond stamp: one retry with a fresh stamp.
      if (!isAlreadyExists(err)) throw err;
      event = body();
      await this.opts.client.create(EVENTS_V1, event);
    }
    return { name: event.metadata?.name ?? '', namespace };
  }

  /** client-go's naming: hex nanoseconds, made unique within this process by a sequence number. */
  private nanoStamp(nowMs: number): string {
    this.sequence = (this.sequence + 1n) % 1_000_000n;
    return (BigInt(Math.floor(nowMs)) * 1_000_000n + this.sequence).toString(16);
  }

  private forgetExpired(now: number): void {
    for (const [key, r] of this.recorded) if (now - r.lastObservedAt > this.windowMs) this.recorded.delete(key);
  }
}

function truncateBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  // Cut on a character boundary and mark the cut.
  let cut = bytes.subarray(0, maxBytes - 3).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return `${cut}...`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

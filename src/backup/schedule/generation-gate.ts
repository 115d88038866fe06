// Upstream's controller drops update events whose metadata.generation did not change, for the
// BackupSchedule and its velero Schedules alike (hub-backup.md §2.1): status changes never trigger
// a pass, only the requeue does. The runtime here has no event predicates, so the reconciler
// applies the same rule itself: a pass whose inputs' generations and owned-schedule set match the
// last completed pass, and that comes before that pass's requeue time, is skipped.
// This is a filter, not state: after a restart the first pass simply runs.

/** Timers may fire a hair early against the clock; a requeue must never be mistaken for an early repeat. */
export const TIMER_SLACK_MS = 20;

interface Seen {
  signature: string;
  dueAtMs: number;
}

export class GenerationGate {
  private readonly seen = new Map<string, Seen>();

  /**
   * Undefined when the pass must run; otherwise how long until the last pass's requeue is due
   * (Infinity: only a change wakes it). The work queue keeps the earliest of several pending
   * requeues, so a skipped pass must re-arm the latest one or it would be lost.
   */
  skip(key: string, signature: string, nowMs: number): number | undefined {
    const last = this.seen.get(key);
    if (last === undefined || last.signature !== signature || nowMs >= last.dueAtMs) return undefined;
    return last.dueAtMs - nowMs;
  }

  /** After a completed pass; `requeueAfterMs` undefined means "only a change wakes it". */
  record(key: string, signature: string, nowMs: number, requeueAfterMs: number | undefined): void {
    this.seen.set(key, { signature, dueAtMs: requeueAfterMs === undefined ? Infinity : nowMs + requeueAfterMs - TIMER_SLACK_MS });
  }

  forget(key: string): void {
    this.seen.delete(key);
  }
}

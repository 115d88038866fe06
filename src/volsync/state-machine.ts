// The replication state machine (volsync.md §4). Its state is read from status — Initial (no
// lastSyncTime, no lastSyncStartTime), Synchronizing (lastSyncStartTime set), else CleaningUp — so
// a restarted controller picks up exactly where the last one stopped.
import { CONDITION_SYNCHRONIZING, SynchronizingMessage, SynchronizingReason, type ReplicationStatusCommon, type Trigger } from '../api/volsync/index.js';
import { metaTime, setCondition } from '../kube/index.js';
import { formatDuration } from '../util/duration.js';
import type { ObjectMetrics } from './metrics.js';
import { IN_PROGRESS_REQUEUE_MS, type Mover, type MoverOutcome } from './mover.js';
import { missedDeadline, nextSyncTime, triggerKind } from './trigger.js';

export interface Machine {
  /** Mutated in place; the caller writes it. */
  status: ReplicationStatusCommon;
  trigger: Trigger | undefined;
  mover: Mover;
  metrics: ObjectMetrics;
  now: () => Date;
  /** Called with a completed sync's outcome before the machine moves on (the RD records latestImage). */
  onSynchronized?: (outcome: MoverOutcome) => void | Promise<void>;
}

export interface MachineResult {
  requeueAfterMs?: number;
}

type State = 'Initial' | 'Synchronizing' | 'CleaningUp';

export function currentState(status: ReplicationStatusCommon): State {
  if (!status.lastSyncTime && !status.lastSyncStartTime) return 'Initial';
  if (status.lastSyncStartTime) return 'Synchronizing';
  return 'CleaningUp';
}

/** One pass. A failure sets the Error condition and is rethrown, so the caller retries with back-off. */
export async function runMachine(m: Machine): Promise<MachineResult> {
  try {
    const lastSync = parseTime(m.status.lastSyncTime);
    if (!lastSync || missedDeadline(m.trigger, lastSync, m.now())) m.metrics.setOutOfSync(true);
    switch (currentState(m.status)) {
      case 'Initial':
        startSync(m);
        return { requeueAfterMs: 0 };
      case 'Synchronizing':
        return await synchronizing(m);
      default:
        return await cleaningUp(m);
    }
  } catch (err) {
    setSynchronizing(m, 'False', SynchronizingReason.Error, errorText(err));
    throw err;
  }
}

async function synchronizing(m: Machine): Promise<MachineResult> {
  const outcome = await m.mover.synchronize();
  if (!outcome.completed) {
    if (outcome.failure) setSynchronizing(m, 'False', SynchronizingReason.Error, outcome.failure);
    else setSynchronizing(m, 'True', SynchronizingReason.SyncInProgress, SynchronizingMessage.SyncInProgress);
    return { requeueAfterMs: outcome.requeueAfterMs ?? IN_PROGRESS_REQUEUE_MS };
  }
  await m.onSynchronized?.(outcome);
  m.metrics.setOutOfSync(false);
  const now = m.now();
  if (missedDeadline(m.trigger, parseTime(m.status.lastSyncTime), now)) m.metrics.incMissedIntervals();
  const started = parseTime(m.status.lastSyncStartTime) ?? now;
  const durationMs = Math.max(0, now.getTime() - started.getTime());
  m.status.lastSyncTime = metaTime(now);
  m.status.lastSyncDuration = formatDuration(durationMs);
  m.metrics.observeSyncDuration(durationMs / 1000);
  updateNextSyncTime(m);
  if (m.trigger?.manual) m.status.lastManualSync = m.trigger.manual;
  else delete m.status.lastManualSync;
  delete m.status.lastSyncStartTime;
  setSynchronizing(m, 'False', SynchronizingReason.CleaningUp, SynchronizingMessage.CleaningUp);
  return { requeueAfterMs: 0 };
}

async function cleaningUp(m: Machine): Promise<MachineResult> {
  const outcome = await m.mover.cleanup();
  // Every pass, so that an edited schedule takes effect at once (VolSync issue #271).
  updateNextSyncTime(m);
  if (!outcome.completed) {
    setSynchronizing(m, 'False', SynchronizingReason.CleaningUp, SynchronizingMessage.CleaningUp);
    return { requeueAfterMs: outcome.requeueAfterMs ?? IN_PROGRESS_REQUEUE_MS };
  }
  if (shouldSync(m)) {
    startSync(m);
    return { requeueAfterMs: 0 };
  }
  if (triggerKind(m.trigger) === 'schedule') {
    setSynchronizing(m, 'False', SynchronizingReason.WaitingForSchedule, SynchronizingMessage.WaitingForSchedule);
  } else {
    setSynchronizing(m, 'False', SynchronizingReason.WaitingForManual, SynchronizingMessage.WaitingForManual);
  }
  const next = parseTime(m.status.nextSyncTime);
  return next ? { requeueAfterMs: Math.max(0, next.getTime() - m.now().getTime()) } : {};
}

function shouldSync(m: Machine): boolean {
  switch (triggerKind(m.trigger)) {
    case 'schedule': {
      const next = parseTime(m.status.nextSyncTime);
      return next !== undefined && m.now().getTime() > next.getTime();
    }
    case 'manual':
      return m.trigger?.manual !== m.status.lastManualSync;
    default:
      return true;
  }
}

function startSync(m: Machine): void {
  m.status.lastSyncStartTime = metaTime(m.now());
  setSynchronizing(m, 'True', SynchronizingReason.SyncInProgress, SynchronizingMessage.SyncInProgress);
}

function updateNextSyncTime(m: Machine): void {
  const next = nextSyncTime(m.trigger, parseTime(m.status.lastSyncTime));
  if (next) m.status.nextSyncTime = metaTime(next);
  else delete m.status.nextSyncTime;
}

function setSynchronizing(m: Machine, status: 'True' | 'False', reason: string, message: string): void {
  setSynchronizingCondition(m.status, status, reason, message, m.now());
}

/** Sets the one condition VolSync writes, `Synchronizing` (§1.7). */
export function setSynchronizingCondition(status: ReplicationStatusCommon, value: 'True' | 'False', reason: string, message: string, now: Date): void {
  // The API types keep lastTransitionTime optional (objects come from outside); every entry we write has one.
  status.conditions = setCondition(
    status.conditions as Parameters<typeof setCondition>[0],
    { type: CONDITION_SYNCHRONIZING, status: value, reason, message },
    now,
  );
}

function parseTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

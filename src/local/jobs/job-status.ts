// The Job controller's bookkeeping, as pure functions over a Job and its pods: counts, the retry
// back-off, and the conditions with Kubernetes' reasons and messages.
import type { Job, JobCondition, Pod } from '../../api/core/index.js';
import { metaTime } from '../../kube/index.js';

/** The Job controller's pod back-off: 10 s, doubling per failure, at most 6 minutes. */
export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 6 * 60_000;

export const JOB_REASONS = {
  backoffLimitExceeded: { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  deadlineExceeded: { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  completionsReached: { reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
} as const;

export interface PodCounts {
  /** Pods not finished and not being deleted. */
  active: Pod[];
  /** Pods being deleted whose process may still run. */
  terminating: Pod[];
  succeeded: number;
  failed: number;
  ready: number;
  /** When the newest failed pod ended (ms), for the back-off. */
  lastFailureMs?: number;
  /** The newest failed pod, whose reason a Failed condition mentions. */
  lastFailed?: Pod;
}

export function countPods(pods: Pod[]): PodCounts {
  const counts: PodCounts = { active: [], terminating: [], succeeded: 0, failed: 0, ready: 0 };
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded') counts.succeeded += 1;
    else if (phase === 'Failed') {
      counts.failed += 1;
      const ended = failureTime(pod);
      if (counts.lastFailureMs === undefined || ended >= counts.lastFailureMs) {
        counts.lastFailureMs = ended;
        counts.lastFailed = pod;
      }
    } else if (pod.metadata.deletionTimestamp) counts.terminating.push(pod);
    else {
      counts.active.push(pod);
      if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) counts.ready += 1;
    }
  }
  return counts;
}

function failureTime(pod: Pod): number {
  const finished = pod.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;
  return Date.parse(finished ?? ready ?? pod.metadata.creationTimestamp ?? '') || 0;
}

/** How long after its last failure a Job waits before its next pod. */
export function backoffDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 30), BACKOFF_MAX_MS);
}

export function hasCondition(job: Job, type: string): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

export function conditionOf(job: Job, type: string): JobCondition | undefined {
  return (job.status?.conditions ?? []).find((c) => c.type === type);
}

/** Sets a condition; its times move only when its status changes. */
export function withCondition(
  conditions: JobCondition[] | undefined,
  type: string,
  status: JobCondition['status'],
  reason: string,
  message: string,
  now: number,
): JobCondition[] {
  const list = [...(conditions ?? [])];
  const at = list.findIndex((c) => c.type === type);
  const previous = at >= 0 ? list[at] : undefined;
  const time = metaTime(now);
  const next: JobCondition = {
    type,
    status,
    lastProbeTime: previous && previous.status === status ? (previous.lastProbeTime ?? time) : time,
    lastTransitionTime: previous && previous.status === status ? (previous.lastTransitionTime ?? time) : time,
    reason,
    message,
  };
  if (at >= 0) list[at] = next;
  else list.push(next);
  return list;
}

/** When the Job finished (Complete or Failed), for ttlSecondsAfterFinished. */
export function finishedAtMs(job: Job): number | undefined {
  const t = job.status?.completionTime ?? conditionOf(job, 'Failed')?.lastTransitionTime ?? conditionOf(job, 'Complete')?.lastTransitionTime;
  return t ? Date.parse(t) : undefined;
}

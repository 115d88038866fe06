// The mover Job's lifecycle (volsync.md §2.10 with decision 14). The Job is created or kept; a
// change to its pod template (immutable in Kubernetes) deletes it so the next pass recreates it.
// Every failed run is reported at once — condition, Warning event, latestMoverStatus — in words
// from the mover's own log. A Job that used up its backoffLimit is deleted, and the next one waits
// 10 s × 2^(n−1), at most 5 minutes, n being the failed Jobs in a row; that state lives in an
// annotation on the owner, so a restarted controller keeps the pace.
import { createHash } from 'node:crypto';
import { EventAction, EventReason } from '../../api/volsync/index.js';
import { isNotFound, metaTime, type KubeObject } from '../../kube/index.js';
import { ownerRef, type MoverContext, type Owner } from '../context.js';
import { setControllerReference } from '../create-or-update.js';
import { JOBS, REPLICATION_OWNER_REFS, type Job, type PodTemplateSpec } from '../kinds.js';
import { markForCleanup, setOwnedByVolSync } from '../labels.js';
import type { FailureAnalyzer } from './failure.js';
import { LogTail, newestPodOfJob, readPodLog } from './pod-logs.js';

/** On the Job: a hash of the pod template it was created with. */
export const ANNOTATION_TEMPLATE_HASH = 'lifeboat.io/mover-template-hash';
/** On the Job: how many failed runs have been reported, and the last report. */
export const ANNOTATION_FAILURES_REPORTED = 'lifeboat.io/mover-failures-reported';
export const ANNOTATION_FAILURE = 'lifeboat.io/mover-failure';
/** On the owner: the retry state between failed Jobs (JSON of RetryState). */
export const ANNOTATION_MOVER_RETRY = 'lifeboat.io/mover-retry';

export const RETRY_BASE_MS = 10_000;
export const RETRY_MAX_MS = 5 * 60_000;

export interface RetryState {
  /** Jobs of this sync that used up their backoffLimit, in a row. */
  failedJobs: number;
  /** RFC 3339: no new Job before then. */
  retryAt: string;
  message: string;
}

export interface MoverJobSpec {
  name: string;
  backoffLimit: number;
  template: PodTemplateSpec;
  /** Keeps the lines of a successful run worth showing in latestMoverStatus. */
  successFilter: (line: string) => boolean;
  /** Keeps the lines of a failed run worth showing; default all (rsync-TLS filters, §2.9). */
  failureFilter?: (line: string) => boolean;
  /** A fresh analyzer for a failed run's log. */
  analyzer: () => FailureAnalyzer;
}

export type MoverJobState =
  | { phase: 'running' }
  | { phase: 'succeeded'; job: Job }
  /** A run failed; the Job (or, after its backoffLimit, the next one) will retry. */
  | { phase: 'failed'; message: string; retryAfterMs?: number };

export function retryDelayMs(failedJobs: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, failedJobs - 1));
}

export async function ensureMoverJob(ctx: MoverContext, spec: MoverJobSpec): Promise<MoverJobState> {
  const namespace = ctx.owner.metadata.namespace;
  const now = ctx.clock.now();
  let job: Job | undefined;
  try {
    job = await ctx.client.get<Job>(JOBS, spec.name, { namespace, signal: ctx.signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const retry = retryStateOf(ctx.owner);
  if (!job) {
    const waitMs = retry ? Date.parse(retry.retryAt) - now : 0;
    if (retry && waitMs > 0) return { phase: 'failed', message: `${retry.message}; next attempt at ${retry.retryAt}`, retryAfterMs: waitMs };
    await ctx.client.create(JOBS, desiredJob(ctx, spec), { signal: ctx.signal });
    return { phase: 'running' };
  }
  if (job.metadata.deletionTimestamp) return { phase: 'running' };
  const status = job.status ?? {};
  // A finished run counts even if the wanted template moved on meanwhile.
  if ((status.succeeded ?? 0) > 0) {
    const tail = new LogTail(ctx.settings.moverLogMaxBytes);
    await collectLogs(ctx, job, false, (line) => {
      if (ctx.settings.moverLogDebug || spec.successFilter(line)) tail.add(line);
    });
    ctx.latestMoverStatus.result = 'Successful';
    ctx.latestMoverStatus.logs = tail.text();
    if (retry) await setRetryState(ctx, undefined);
    return { phase: 'succeeded', job };
  }

  const wanted = desiredJob(ctx, spec);
  if (job.metadata.annotations?.[ANNOTATION_TEMPLATE_HASH] !== wanted.metadata.annotations?.[ANNOTATION_TEMPLATE_HASH]) {
    // The template is immutable: replace the Job.
    await deleteJob(ctx, job);
    return { phase: 'running' };
  }
  if (job.spec?.parallelism !== wanted.spec?.parallelism) {
    job = await ctx.client.patch<Job>(JOBS, spec.name, { spec: { parallelism: wanted.spec?.parallelism } }, { type: 'merge', namespace, signal: ctx.signal });
  }
  const failed = status.failed ?? 0;
  let message = job.metadata.annotations?.[ANNOTATION_FAILURE] ?? '';
  const reported = Number.parseInt(job.metadata.annotations?.[ANNOTATION_FAILURES_REPORTED] ?? '0', 10) || 0;
  if (failed > reported) {
    message = await reportFailedRun(ctx, job, spec, failed);
    job = await ctx.client.patch<Job>(
      JOBS,
      spec.name,
      { metadata: { annotations: { [ANNOTATION_FAILURES_REPORTED]: String(failed), [ANNOTATION_FAILURE]: message } } },
      { type: 'merge', namespace, signal: ctx.signal },
    );
  }
  if (failed >= spec.backoffLimit || jobFailed(job)) {
    const failedJobs = (retry?.failedJobs ?? 0) + 1;
    const retryAt = metaTime(now + retryDelayMs(failedJobs));
    await setRetryState(ctx, { failedJobs, retryAt, message });
    await deleteJob(ctx, job);
    return { phase: 'failed', message: `${message}; next attempt at ${retryAt}`, retryAfterMs: Math.max(0, Date.parse(retryAt) - now) };
  }
  if (failed > 0) return { phase: 'failed', message: `${message}; the mover Job retries (failed attempts: ${failed} of ${spec.backoffLimit})` };
  return { phase: 'running' };
}

/** Reads the failed run's log into latestMoverStatus, emits the Warning event, returns the sentence. */
async function reportFailedRun(ctx: MoverContext, job: Job, spec: MoverJobSpec, attempt: number): Promise<string> {
  const tail = new LogTail(ctx.settings.moverLogMaxBytes);
  const analyzer = spec.analyzer();
  await collectLogs(ctx, job, true, (line) => {
    if (ctx.settings.moverLogDebug || !spec.failureFilter || spec.failureFilter(line)) tail.add(line);
    analyzer.observe(line);
  });
  const message = analyzer.message();
  ctx.latestMoverStatus.result = 'Failed';
  ctx.latestMoverStatus.logs = tail.text();
  ctx.events.event(ctx.owner, 'Warning', EventReason.TransferFailed, `${message} (mover Job ${spec.name}, attempt ${attempt})`, EventAction.CreateMover);
  ctx.log.info({ job: spec.name, attempt, message }, 'mover run failed');
  return message;
}

/** Log-fetch errors are swallowed: the status is still set, with what was read. */
async function collectLogs(ctx: MoverContext, job: Job, failed: boolean, onLine: (line: string) => void): Promise<void> {
  try {
    const pod = await newestPodOfJob(ctx.client, job.metadata.namespace ?? '', job.metadata.name ?? '', failed, ctx.signal);
    if (!pod) return;
    await readPodLog(ctx.client, pod, onLine, { tailLines: ctx.settings.moverLogTailLines, signal: ctx.signal });
  } catch (err) {
    ctx.log.warn({ err: (err as Error).message, job: job.metadata.name }, 'could not read the mover log');
  }
}

function jobFailed(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === 'Failed' && c.status === 'True');
}

async function deleteJob(ctx: MoverContext, job: Job): Promise<void> {
  try {
    await ctx.client.delete(JOBS, job.metadata.name ?? '', { namespace: job.metadata.namespace, propagationPolicy: 'Background', signal: ctx.signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

function desiredJob(ctx: MoverContext, spec: MoverJobSpec): Job {
  const template = structuredClone(spec.template);
  template.metadata = { ...template.metadata, name: spec.name };
  setOwnedByVolSync(template);
  template.spec.restartPolicy = 'Never';
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: spec.name, namespace: ctx.owner.metadata.namespace, annotations: { [ANNOTATION_TEMPLATE_HASH]: hashOf(template) } },
    spec: { backoffLimit: spec.backoffLimit, parallelism: ctx.paused ? 0 : 1, template },
  };
  setControllerReference(job, ownerRef(ctx.owner));
  setOwnedByVolSync(job);
  markForCleanup(ctx.owner.metadata.uid, job);
  return job;
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export function retryStateOf(owner: KubeObject): RetryState | undefined {
  const raw = owner.metadata?.annotations?.[ANNOTATION_MOVER_RETRY];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<RetryState>;
    if (typeof parsed.failedJobs !== 'number' || typeof parsed.retryAt !== 'string') return undefined;
    return { failedJobs: parsed.failedJobs, retryAt: parsed.retryAt, message: parsed.message ?? '' };
  } catch {
    return undefined;
  }
}

/** Writes (or removes) the retry annotation on the owner and keeps ctx.owner's metadata current. */
async function setRetryState(ctx: MoverContext, state: RetryState | undefined): Promise<void> {
  const owner: Owner = ctx.owner;
  const updated = await ctx.client.patch<Owner>(
    REPLICATION_OWNER_REFS[owner.kind],
    owner.metadata.name,
    { metadata: { annotations: { [ANNOTATION_MOVER_RETRY]: state ? JSON.stringify(state) : null } } },
    { type: 'merge', namespace: owner.metadata.namespace, signal: ctx.signal },
  );
  owner.metadata = updated.metadata;
}

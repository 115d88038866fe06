// batch/v1 Jobs on the embedded hub, as kube-controller-manager's Job controller runs them: one
// pod per attempt, retries after failures with its back-off up to backoffLimit, activeDeadlineSeconds,
// suspend and parallelism 0, the terminal conditions with their reasons, and ttlSecondsAfterFinished.
// The pods themselves are run by the local pod runner.
import type { Logger } from 'pino';
import type { Job, JobStatus, Pod } from '../../api/core/index.js';
import { JOBS, PODS, isNotFound, metaTime, type ReconcileContext, type ReconcileRequest, type ReconcileResult, type Reconciler } from '../../kube/index.js';
import type { ControllerSpec } from '../../kube/runtime/contract.js';
import { deleteIfExists, getIfExists } from '../object-access.js';
import { JOB_REASONS, backoffDelayMs, conditionOf, countPods, finishedAtMs, hasCondition, withCondition, type PodCounts } from './job-status.js';
import { podForJob, unsupportedTemplate } from './pod-template.js';

interface Outcome {
  reason: string;
  message: string;
}

export class JobReconciler implements Reconciler {
  constructor(private readonly log: Logger) {}

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const job = await getIfExists<Job>(ctx.client, JOBS, req.name, req.namespace, ctx.signal);
    if (!job || job.metadata.deletionTimestamp) return;
    const now = ctx.clock.now();
    const pods = (await ctx.client.list<Pod>(PODS, { namespace: req.namespace, signal: ctx.signal })).items.filter((p) =>
      (p.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === job.metadata.uid),
    );
    const counts = countPods(pods);
    const status: JobStatus = structuredClone(job.status ?? {});
    const spec = job.spec ?? { template: { spec: { containers: [] } } };
    const completions = spec.completions ?? 1;
    const requeue = new Requeue();

    if (hasCondition(job, 'Complete') || hasCondition(job, 'Failed')) {
      await this.deletePods(counts.active, job, ctx);
      const finished = finishedAtMs(job);
      if (spec.ttlSecondsAfterFinished !== undefined && finished !== undefined) {
        const expires = finished + spec.ttlSecondsAfterFinished * 1000;
        if (now >= expires) {
          this.log.info({ namespace: req.namespace, job: req.name }, 'deleting a finished Job whose ttlSecondsAfterFinished has passed');
          await deleteIfExists(ctx.client, JOBS, req.name, req.namespace, 'Foreground');
          return;
        }
        requeue.after(expires - now);
      }
      setCounts(status, counts, 0);
      await this.writeStatus(job, status, ctx);
      return requeue.result();
    }

    let failure: Outcome | undefined = hasCondition(job, 'FailureTarget') ? (conditionOf(job, 'FailureTarget') as Outcome) : undefined;
    let success = hasCondition(job, 'SuccessCriteriaMet');
    if (!failure && !success) {
      const unsupported = unsupportedTemplate(spec.template?.spec ?? { containers: [] });
      if (unsupported) failure = { reason: 'UnsupportedPodTemplate', message: unsupported };
      else if (counts.succeeded >= completions) success = true;
      else if (counts.failed > (spec.backoffLimit ?? 6)) failure = { reason: JOB_REASONS.backoffLimitExceeded.reason, message: withLastAttempt(JOB_REASONS.backoffLimitExceeded.message, counts) };
      else if (spec.activeDeadlineSeconds !== undefined && status.startTime && !spec.suspend) {
        const deadline = Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000;
        if (now >= deadline) failure = { ...JOB_REASONS.deadlineExceeded };
        else requeue.after(deadline - now);
      }
      if (failure) ctx.events.event(job, 'Warning', failure.reason, failure.message);
    }

    let active = counts.active.length;
    if (failure) {
      status.conditions = withCondition(status.conditions, 'FailureTarget', 'True', failure.reason, failure.message, now);
      await this.deletePods(counts.active, job, ctx);
      active = 0;
      // Failed once no pod of it runs any more, as since Kubernetes 1.31.
      if (counts.active.length === 0 && counts.terminating.length === 0) {
        status.conditions = withCondition(status.conditions, 'Failed', 'True', failure.reason, failure.message, now);
        this.log.info({ namespace: req.namespace, job: req.name, reason: failure.reason }, 'job failed');
      }
    } else if (success) {
      const { reason, message } = JOB_REASONS.completionsReached;
      status.conditions = withCondition(status.conditions, 'SuccessCriteriaMet', 'True', reason, message, now);
      await this.deletePods(counts.active, job, ctx);
      active = 0;
      if (counts.active.length === 0 && counts.terminating.length === 0) {
        status.conditions = withCondition(status.conditions, 'Complete', 'True', reason, message, now);
        status.completionTime = metaTime(now);
        ctx.events.event(job, 'Normal', 'Completed', 'Job completed');
      }
    } else if (spec.suspend) {
      await this.deletePods(counts.active, job, ctx);
      active = 0;
      status.conditions = withCondition(status.conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
      delete status.startTime;
    } else {
      if (conditionOf(job, 'Suspended')?.status === 'True') {
        status.conditions = withCondition(status.conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
        status.startTime = metaTime(now);
      }
      const parallelism = spec.parallelism ?? 1;
      if (parallelism > 0) status.startTime ??= metaTime(now);
      // A pod still being stopped keeps its place: its process may still use the Job's volumes.
      const missing = Math.max(0, Math.min(parallelism, completions - counts.succeeded)) - counts.active.length - counts.terminating.length;
      if (missing > 0) {
        const readyAt = (counts.lastFailureMs ?? 0) + backoffDelayMs(counts.failed);
        if (counts.failed > 0 && now < readyAt) requeue.after(readyAt - now);
        else {
          for (let i = 0; i < missing; i++) {
            const created = await ctx.client.create<Pod>(PODS, podForJob(job));
            ctx.events.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
            active += 1;
          }
        }
      }
    }
    setCounts(status, counts, active);
    await this.writeStatus(job, status, ctx);
    return requeue.result();
  }

  private async deletePods(pods: Pod[], job: Job, ctx: ReconcileContext): Promise<void> {
    for (const pod of pods) {
      try {
        await ctx.client.delete(PODS, pod.metadata.name ?? '', { namespace: pod.metadata.namespace });
        ctx.events.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  private async writeStatus(job: Job, status: JobStatus, ctx: ReconcileContext): Promise<void> {
    if (JSON.stringify(status) === JSON.stringify(job.status ?? {})) return;
    await ctx.client.updateStatus(JOBS, { ...job, status });
  }
}

/** active/succeeded/failed are left out at zero (omitempty); ready is always written. */
function setCounts(status: JobStatus, counts: PodCounts, active: number): void {
  const set = (key: 'active' | 'succeeded' | 'failed', n: number): void => {
    if (n > 0) status[key] = n;
    else delete status[key];
  };
  set('active', active);
  set('succeeded', counts.succeeded);
  set('failed', counts.failed);
  status.ready = Math.min(counts.ready, active);
}

/** The message, with why the last attempt failed when its pod says (kubectl describe shows it). */
function withLastAttempt(message: string, counts: PodCounts): string {
  const pod = counts.lastFailed;
  if (!pod) return message;
  const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
  const why = pod.status?.reason
    ? `${pod.status.reason}: ${pod.status.message ?? ''}`
    : terminated?.message
      ? terminated.message
      : terminated
        ? `exit code ${terminated.exitCode}`
        : undefined;
  return why ? `${message} (last attempt, pod ${pod.metadata.name}: ${why})` : message;
}

class Requeue {
  private ms: number | undefined;

  after(ms: number): void {
    this.ms = this.ms === undefined ? ms : Math.min(this.ms, ms);
  }

  result(): ReconcileResult | void {
    return this.ms === undefined ? undefined : { requeueAfterMs: Math.max(0, this.ms) };
  }
}

export function jobController(log: Logger): ControllerSpec {
  return {
    name: 'local-jobs',
    for: JOBS,
    owns: [PODS],
    reconciler: new JobReconciler(log.child({ controller: 'local-jobs' })),
    concurrency: 4,
  };
}

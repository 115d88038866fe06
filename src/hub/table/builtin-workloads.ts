// Pod and Job printers. The Pod status column condenses container states the way `kubectl get
// pods` users expect (CrashLoopBackOff, Init:0/1, Terminating, ...).

import { AGE_COLUMN, NAME_COLUMN, column, wide } from './columns.js';
import { humanDuration } from './human-duration.js';
import { ageOf, containerCells, formatSelectorObject, isDeleting, nameOf } from './print-helpers.js';
import { isZeroTime, parseTimestamp } from './time.js';
import type { TableSpec } from './types.js';
import { at, int, isSet, list, rec, str, type Obj } from './unstructured.js';

function conditionTrue(conditions: unknown, type: string): boolean {
  // Only the first condition of a type counts, as in hasJobCondition.
  const c = list(conditions)
    .map(rec)
    .find((x) => x.type === type);
  return c !== undefined && c.status === 'True';
}

function jobStatus(obj: Obj): string {
  const conditions = at(obj, 'status', 'conditions');
  if (conditionTrue(conditions, 'Complete')) return 'Complete';
  if (conditionTrue(conditions, 'Failed')) return 'Failed';
  if (isDeleting(obj)) return 'Terminating';
  if (conditionTrue(conditions, 'Suspended')) return 'Suspended';
  if (conditionTrue(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(spec: Obj, succeeded: number): string {
  if (isSet(spec.completions)) return `${succeeded}/${int(spec.completions)}`;
  const parallelism = int(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(status: Obj, now: number): string {
  const start = parseTimestamp(status.startTime);
  if (start === undefined) return '';
  const end = parseTimestamp(status.completionTime);
  return humanDuration((end ?? now) - start);
}

export const JOB_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column('Status', 'Status of the job.'),
    column(
      'Completions',
      'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.',
    ),
    column('Duration', 'Time required to complete the job.'),
    AGE_COLUMN,
    wide('Containers', 'Names of each container in the template.'),
    wide('Images', 'Images referenced by each container in the template.'),
    wide(
      'Selector',
      'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
    ),
  ],
  cells: (obj, now) => {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const [names, images] = containerCells(at(spec, 'template', 'spec', 'containers'));
    return [
      nameOf(obj),
      jobStatus(obj),
      jobCompletions(spec, int(status.succeeded)),
      jobDuration(status, now),
      ageOf(obj, now),
      names,
      images,
      formatSelectorObject(spec.selector),
    ];
  },
};

// The most recent lastState.terminated.finishedAt among some container statuses.
function latestFinish(statuses: Obj[], since: number | undefined): number | undefined {
  let latest = since;
  for (const s of statuses) {
    const t = parseTimestamp(at(s, 'lastState', 'terminated', 'finishedAt'));
    if (t !== undefined && !isZeroTime(t) && (latest === undefined || t > latest)) latest = t;
  }
  return latest;
}

interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  lastRestart: number | undefined;
}

function summarizeInit(pod: Obj, summary: PodSummary): { initializing: boolean; sidecarRestarts: number; sidecarLastRestart: number | undefined } {
  const initSpecs = new Map(
    list(at(pod, 'spec', 'initContainers'))
      .map(rec)
      .map((c) => [str(c.name), c]),
  );
  const isSidecar = (name: string) => str(initSpecs.get(name)?.restartPolicy) === 'Always';
  const statuses = list(at(pod, 'status', 'initContainerStatuses')).map(rec);
  let sidecarRestarts = 0;
  let sidecarLastRestart: number | undefined;
  let initializing = false;
  for (const [i, s] of statuses.entries()) {
    summary.restarts += int(s.restartCount);
    summary.lastRestart = latestFinish([s], summary.lastRestart);
    if (isSidecar(str(s.name))) {
      sidecarRestarts += int(s.restartCount);
      sidecarLastRestart = latestFinish([s], sidecarLastRestart);
    }
    const terminated = at(s, 'state', 'terminated');
    const waiting = at(s, 'state', 'waiting');
    if (isSet(terminated) && int(rec(terminated).exitCode) === 0) continue;
    if (isSidecar(str(s.name)) && s.started === true) {
      if (s.ready === true) summary.ready++;
      continue;
    }
    if (isSet(terminated)) {
      const t = rec(terminated);
      if (str(t.reason)) summary.reason = `Init:${str(t.reason)}`;
      else summary.reason = int(t.signal) !== 0 ? `Init:Signal:${int(t.signal)}` : `Init:ExitCode:${int(t.exitCode)}`;
    } else if (isSet(waiting) && str(rec(waiting).reason) && str(rec(waiting).reason) !== 'PodInitializing') {
      summary.reason = `Init:${str(rec(waiting).reason)}`;
    } else {
      summary.reason = `Init:${i}/${initSpecs.size}`;
    }
    initializing = true;
    break;
  }
  return { initializing, sidecarRestarts, sidecarLastRestart };
}

function summarizePod(pod: Obj): PodSummary {
  const status = rec(pod.status);
  const initSpecs = list(at(pod, 'spec', 'initContainers')).map(rec);
  const summary: PodSummary = {
    ready: 0,
    // Sidecars (restartable init containers) count as containers.
    total: list(at(pod, 'spec', 'containers')).length + initSpecs.filter((c) => c.restartPolicy === 'Always').length,
    reason: str(status.reason) || str(status.phase),
    restarts: 0,
    lastRestart: undefined,
  };
  if (
    list(status.conditions)
      .map(rec)
      .some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')
  ) {
    summary.reason = 'SchedulingGated';
  }

  const init = summarizeInit(pod, summary);
  if (!init.initializing || conditionTrue(status.conditions, 'Initialized')) {
    summary.restarts = init.sidecarRestarts;
    summary.lastRestart = init.sidecarLastRestart;
    let hasRunning = false;
    // Walked backwards so the first container's state wins the reason.
    for (const s of list(status.containerStatuses).map(rec).reverse()) {
      summary.restarts += int(s.restartCount);
      summary.lastRestart = latestFinish([s], summary.lastRestart);
      const waiting = rec(at(s, 'state', 'waiting'));
      const terminated = at(s, 'state', 'terminated');
      if (str(waiting.reason)) summary.reason = str(waiting.reason);
      else if (isSet(terminated) && str(rec(terminated).reason)) summary.reason = str(rec(terminated).reason);
      else if (isSet(terminated)) {
        const t = rec(terminated);
        summary.reason = int(t.signal) !== 0 ? `Signal:${int(t.signal)}` : `ExitCode:${int(t.exitCode)}`;
      } else if (s.ready === true && isSet(at(s, 'state', 'running'))) {
        hasRunning = true;
        summary.ready++;
      }
    }
    if (summary.reason === 'Completed' && hasRunning) {
      summary.reason = conditionTrue(status.conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const phase = str(status.phase);
  if (isDeleting(pod) && status.reason === 'NodeLost') summary.reason = 'Unknown';
  else if (isDeleting(pod) && phase !== 'Succeeded' && phase !== 'Failed') summary.reason = 'Terminating';
  return summary;
}

function readinessGates(pod: Obj): string {
  const gates = list(at(pod, 'spec', 'readinessGates')).map(rec);
  if (!gates.length) return '<none>';
  const conditions = list(at(pod, 'status', 'conditions')).map(rec);
  const passed = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passed}/${gates.length}`;
}

export const POD_TABLE: TableSpec = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    wide('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'),
    wide('Node', 'NodeName indicates in which node this pod is scheduled.'),
    wide('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.'),
    wide('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.'),
  ],
  cells: (obj, now) => {
    const s = summarizePod(obj);
    const restarts = s.restarts !== 0 && s.lastRestart !== undefined ? `${s.restarts} (${humanDuration(now - s.lastRestart)} ago)` : String(s.restarts);
    return [
      nameOf(obj),
      `${s.ready}/${s.total}`,
      s.reason,
      restarts,
      ageOf(obj, now),
      // status.podIP is the single-stack spelling older writers may still fill in alone.
      str(at(obj, 'status', 'podIPs', 0, 'ip')) || str(at(obj, 'status', 'podIP')) || '<none>',
      str(at(obj, 'spec', 'nodeName')) || '<none>',
      str(at(obj, 'status', 'nominatedNodeName')) || '<none>',
      readinessGates(obj),
    ];
  },
};

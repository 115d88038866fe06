// Pod status as a kubelet writes it for a single-container pod with restartPolicy Never.
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from '../../api/core/index.js';
import { metaTime } from '../../kube/index.js';

export interface Termination {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt: number;
  finishedAt: number;
}

function conditions(now: number, ready: boolean, notReadyReason?: string): PodCondition[] {
  const t = metaTime(now);
  const readiness = (type: string): PodCondition => ({
    type,
    status: ready ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: t,
    ...(notReadyReason ? { reason: notReadyReason } : {}),
  });
  return [
    { type: 'PodReadyToStartContainers', status: ready ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: t },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: t },
    readiness('Ready'),
    readiness('ContainersReady'),
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: t },
  ];
}

function containerStatus(container: Container, state: ContainerStatus['state'], ready: boolean, containerID?: string): ContainerStatus {
  return {
    name: container.name,
    state,
    ready,
    restartCount: 0,
    started: state.running !== undefined,
    image: container.image ?? '',
    imageID: '',
    ...(containerID ? { containerID } : {}),
  };
}

export function runningStatus(pod: Pod, container: Container, startedAt: number, containerID: string): PodStatus {
  return {
    phase: 'Running',
    conditions: conditions(startedAt, true),
    hostIP: '127.0.0.1',
    podIP: '127.0.0.1',
    startTime: pod.status?.startTime ?? metaTime(startedAt),
    containerStatuses: [containerStatus(container, { running: { startedAt: metaTime(startedAt) } }, true, containerID)],
    qosClass: 'BestEffort',
  };
}

export function terminatedStatus(pod: Pod, container: Container, end: Termination, containerID?: string): PodStatus {
  return {
    phase: end.exitCode === 0 ? 'Succeeded' : 'Failed',
    conditions: conditions(end.finishedAt, false, 'PodCompleted'),
    hostIP: '127.0.0.1',
    podIP: '127.0.0.1',
    startTime: pod.status?.startTime ?? metaTime(end.startedAt),
    containerStatuses: [
      containerStatus(
        container,
        {
          terminated: {
            exitCode: end.exitCode,
            reason: end.reason,
            ...(end.message ? { message: end.message } : {}),
            startedAt: metaTime(end.startedAt),
            finishedAt: metaTime(end.finishedAt),
            ...(containerID ? { containerID } : {}),
          },
        },
        false,
        containerID,
      ),
    ],
    qosClass: 'BestEffort',
  };
}

/**
 * A pod whose container never started: its configuration could not be made (a missing Secret key,
 * an unsupported volume), the command could not run, or its runner stopped while it ran. The pod
 * fails with the reason, so the Job counts the attempt and retries it.
 */
export function failedStatus(pod: Pod, container: Container, now: number, reason: string, message: string, waiting: boolean): PodStatus {
  const state: ContainerStatus['state'] = waiting
    ? { waiting: { reason, message } }
    : { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: pod.status?.startTime, finishedAt: metaTime(now) } };
  return {
    phase: 'Failed',
    reason,
    message,
    conditions: conditions(now, false, 'PodFailed'),
    hostIP: '127.0.0.1',
    podIP: '127.0.0.1',
    startTime: pod.status?.startTime ?? metaTime(now),
    containerStatuses: [containerStatus(container, state, false)],
    qosClass: 'BestEffort',
  };
}

export function podConditionStatus(pod: Pod, type: string, status: PodCondition['status'], reason: string, message: string, now: number): PodStatus {
  const others = (pod.status?.conditions ?? []).filter((c) => c.type !== type);
  return { ...pod.status, phase: pod.status?.phase ?? 'Pending', conditions: [...others, { type, status, reason, message, lastProbeTime: null, lastTransitionTime: metaTime(now) }] };
}

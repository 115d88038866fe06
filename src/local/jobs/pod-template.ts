// The pods a Job's template becomes, and what in a template the local runner cannot run.
import type { Job, Pod, PodSpec } from '../../api/core/index.js';
import { JOB_LABELS } from '../../api/core/index.js';
import { unsupportedVolumes } from './pod-volumes.js';

/** Why the runner cannot run pods of this spec, or undefined when it can. */
export function unsupportedTemplate(spec: PodSpec): string | undefined {
  const problems: string[] = [];
  const containers = spec.containers ?? [];
  if (spec.initContainers?.length) problems.push(`init containers are not supported (${spec.initContainers.map((c) => c.name).join(', ')})`);
  if (containers.length !== 1) problems.push(`it runs exactly one container, this pod has ${containers.length} (${containers.map((c) => c.name).join(', ')})`);
  else if (!containers[0].command?.length) problems.push(`container ${containers[0].name} has no command (an image's entrypoint is not known on this machine)`);
  const volumes = unsupportedVolumes(spec);
  if (volumes.length > 0) problems.push(`unsupported volumes: ${volumes.join(', ')}`);
  return problems.length === 0 ? undefined : `the embedded hub's Job runner cannot run this pod: ${problems.join('; ')}`;
}

/** A new pod of the Job, as the Job controller creates one per attempt. */
export function podForJob(job: Job): Pod {
  const template = job.spec?.template;
  const name = job.metadata.name ?? '';
  const uid = job.metadata.uid ?? '';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${name}-`,
      namespace: job.metadata.namespace,
      labels: {
        ...template?.metadata?.labels,
        [JOB_LABELS.controllerUid]: uid,
        [JOB_LABELS.legacyControllerUid]: uid,
        [JOB_LABELS.jobName]: name,
        [JOB_LABELS.legacyJobName]: name,
      },
      ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: structuredClone(template?.spec ?? { containers: [] }),
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

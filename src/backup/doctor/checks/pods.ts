// acm-backup-pod-running, oadp-pod-running, velero-pod-running: the three workloads that make
// backups happen on an ACM hub must each have a Running Pod in the backup namespace.

import type { KubeObject } from '../../../kube/index.js';
import { listIfServed } from '../api.js';
import { listNames, nameOf } from '../describe.js';
import { PODS } from '../refs.js';
import { fail, notApplicable, pass, type CheckContext, type CheckDefinition } from '../types.js';

interface Pod extends KubeObject {
  metadata?: KubeObject['metadata'] & { annotations?: Record<string, string> };
  status?: { phase?: string; reason?: string; message?: string };
}

interface PodMatcher {
  /** How the policy finds the Pod, in words. */
  describe: string;
  labelSelector?: string;
  matches(pod: Pod): boolean;
}

const EMBEDDED_REASON =
  'the embedded Lifeboat hub runs the backup operator and the Velero-compatible engine inside `lifeboat up`, not as Pods; the storage and backup checks show whether they work';

function podCheck(id: string, title: string, what: string, matcher: PodMatcher): CheckDefinition {
  return {
    id,
    title,
    async run(ctx: CheckContext) {
      if (ctx.embeddedHub) return notApplicable(EMBEDDED_REASON);
      const pods = ((await listIfServed<Pod>(ctx.client, PODS, { namespace: ctx.backupNamespace, labelSelector: matcher.labelSelector })) ?? []).filter(
        matcher.matches,
      );
      const running = pods.filter((p) => p.status?.phase === 'Running');
      if (running.length > 0) return pass(`${what} Pod ${listNames(running.map(nameOf))} is Running in ${ctx.backupNamespace}`);
      if (pods.length === 0) return fail(`no ${what} Pod (${matcher.describe}) in ${ctx.backupNamespace}: ${what} is not installed or not in this namespace`);
      const states = pods.map((p) => `${nameOf(p)} is ${p.status?.phase ?? 'without phase'}${p.status?.message ? ` (${p.status.message})` : ''}`);
      return fail(`no ${what} Pod is Running in ${ctx.backupNamespace}: ${listNames(states)}; see kubectl describe pod`);
    },
  };
}

export const backupPodRunning = podCheck('acm-backup-pod-running', 'cluster backup operator Pod running', 'the cluster backup operator', {
  describe: 'label app=cluster-backup-chart',
  labelSelector: 'app=cluster-backup-chart',
  matches: () => true,
});

const OADP_REPOSITORY = 'https://github.com/openshift/oadp-operator';

export const oadpPodRunning = podCheck('oadp-pod-running', 'OADP operator Pod running', 'the OADP operator', {
  describe: `annotation repository=${OADP_REPOSITORY}`,
  matches: (pod) => pod.metadata?.annotations?.repository === OADP_REPOSITORY,
});

export const veleroPodRunning = podCheck('velero-pod-running', 'Velero Pod running', 'Velero', {
  describe: 'label app.kubernetes.io/name=velero',
  labelSelector: 'app.kubernetes.io/name=velero',
  matches: () => true,
});

// The shape of one doctor check: what the `backup-restore-enabled` policy template of
// hub-backup.md §6 would report, in words an administrator can act on.

import type { KubeClient } from '../../kube/index.js';

export type CheckStatus = 'pass' | 'fail' | 'not-applicable';

export interface CheckResult {
  /** The policy template's name, so results can be matched with the ACM policy. */
  id: string;
  title: string;
  status: CheckStatus;
  reason: string;
}

export interface DoctorOptions {
  backupNamespace: string;
  /** Injected so tests and metrics can judge ages against one instant. */
  now?: Date;
}

export interface CheckContext {
  client: KubeClient;
  backupNamespace: string;
  now: Date;
  /**
   * The embedded Lifeboat hub runs the operator and the Velero-compatible engine inside
   * `lifeboat up`, not as Pods installed by OLM, so the Pod and Subscription templates cannot hold.
   */
  embeddedHub: boolean;
}

export interface CheckDefinition {
  id: string;
  title: string;
  run(ctx: CheckContext): Promise<Omit<CheckResult, 'id' | 'title'>>;
}

export const pass = (reason: string) => ({ status: 'pass', reason }) as const;
export const fail = (reason: string) => ({ status: 'fail', reason }) as const;
export const notApplicable = (reason: string) => ({ status: 'not-applicable', reason }) as const;

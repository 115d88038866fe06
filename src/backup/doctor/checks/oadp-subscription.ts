// oadp-operator-exists, oadp-channel-validation, custom-oadp-channel-validation: how OADP was
// installed through OLM, and that its channel is one the backup operator supports.

import {
  CLUSTER_CLAIM_OPENSHIFT_VERSION,
  OADP_OPERATOR_PACKAGE,
  OCM_CLUSTER_CLAIMS,
  OLM_SUBSCRIPTIONS,
  type OcmClusterClaim,
  type OlmSubscription,
} from '../../../api/ocm/index.js';
import { isNotFound, type KubeClient } from '../../../kube/index.js';
import { listIfServed } from '../api.js';
import { listNames, qualifiedName } from '../describe.js';
import { fail, notApplicable, pass, type CheckContext, type CheckDefinition, type CheckResult } from '../types.js';

type Outcome = Omit<CheckResult, 'id' | 'title'>;

/** The OADP Subscriptions, split by namespace; or why the checks do not apply. */
async function oadpSubscriptions(ctx: CheckContext): Promise<{ inBackupNamespace: OlmSubscription[]; elsewhere: OlmSubscription[] } | Outcome> {
  if (ctx.embeddedHub) return notApplicable("the embedded Lifeboat hub has no OLM: Lifeboat's Velero-compatible engine stands in for OADP");
  const all = await listIfServed<OlmSubscription>(ctx.client, OLM_SUBSCRIPTIONS);
  if (all === undefined)
    return notApplicable('the OLM Subscription API (operators.coreos.com) is not served: OADP is not installed through OLM on this cluster');
  const oadp = all.filter((s) => s.spec?.name === OADP_OPERATOR_PACKAGE);
  return {
    inBackupNamespace: oadp.filter((s) => s.metadata?.namespace === ctx.backupNamespace),
    elsewhere: oadp.filter((s) => s.metadata?.namespace !== ctx.backupNamespace),
  };
}

function isOutcome(value: object): value is Outcome {
  return 'status' in value;
}

export const oadpOperatorExists: CheckDefinition = {
  id: 'oadp-operator-exists',
  title: 'OADP operator subscribed in the backup namespace',
  async run(ctx) {
    const subs = await oadpSubscriptions(ctx);
    if (isOutcome(subs)) return subs;
    if (subs.inBackupNamespace.length > 0)
      return pass(`Subscription ${listNames(subs.inBackupNamespace.map(qualifiedName))} installs ${OADP_OPERATOR_PACKAGE}`);
    return fail(
      `no ${OADP_OPERATOR_PACKAGE} Subscription in ${ctx.backupNamespace}: the cluster-backup component installs OADP there; on an STS (short-term credentials) hub install OADP manually in ${ctx.backupNamespace}`,
    );
  },
};

/** `stable` for OpenShift 4.19+ (or unknown), `stable-1.4` for 4.1x before 4.19. */
async function expectedChannel(client: KubeClient): Promise<{ channel: string; version: string }> {
  let version = '';
  try {
    version = (await client.get<OcmClusterClaim>(OCM_CLUSTER_CLAIMS, CLUSTER_CLAIM_OPENSHIFT_VERSION)).spec?.value ?? '';
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const stable = version === '' || version.startsWith('4.19') || !version.startsWith('4.1');
  return { channel: stable ? 'stable' : 'stable-1.4', version };
}

export const oadpChannelValidation: CheckDefinition = {
  id: 'oadp-channel-validation',
  title: 'OADP channel supported',
  async run(ctx) {
    const subs = await oadpSubscriptions(ctx);
    if (isOutcome(subs)) return subs;
    if (subs.inBackupNamespace.length === 0)
      return notApplicable(`no ${OADP_OPERATOR_PACKAGE} Subscription in ${ctx.backupNamespace} to check (see oadp-operator-exists)`);
    const { channel, version } = await expectedChannel(ctx.client);
    // Upstream compares channel names as strings: lower means older.
    const behind = subs.inBackupNamespace.filter((s) => (s.spec?.channel ?? '') < channel);
    const hub = version ? `OpenShift ${version}` : 'this hub';
    if (behind.length === 0)
      return pass(
        `${OADP_OPERATOR_PACKAGE} is on channel ${subs.inBackupNamespace.map((s) => s.spec?.channel ?? '').join(', ')} (expected ${channel} for ${hub})`,
      );
    return fail(
      `Subscription ${listNames(behind.map((s) => `${qualifiedName(s)} (channel ${s.spec?.channel ?? 'unset'})`))} must move to channel ${channel}, the OADP channel the backup operator supports on ${hub}`,
    );
  },
};

export const customOadpChannelValidation: CheckDefinition = {
  id: 'custom-oadp-channel-validation',
  title: 'OADP in other namespaces on the same channel',
  async run(ctx) {
    const subs = await oadpSubscriptions(ctx);
    if (isOutcome(subs)) return subs;
    const reference = subs.inBackupNamespace[0];
    if (!reference) return notApplicable(`no ${OADP_OPERATOR_PACKAGE} Subscription in ${ctx.backupNamespace} to compare with (see oadp-operator-exists)`);
    const channel = reference.spec?.channel ?? '';
    const differing = subs.elsewhere.filter((s) => (s.spec?.channel ?? '') !== channel);
    if (differing.length === 0)
      return pass(`${subs.elsewhere.length} ${OADP_OPERATOR_PACKAGE} Subscription(s) in other namespaces, all on channel ${channel || '(unset)'}`);
    return fail(
      `Subscription ${listNames(differing.map((s) => `${qualifiedName(s)} (channel ${s.spec?.channel ?? 'unset'})`))} must use channel ${channel || '(unset)'} like ${qualifiedName(reference)}: two OADP versions on one cluster conflict over the Velero CRDs`,
    );
  },
};

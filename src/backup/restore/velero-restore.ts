// The velero Restore built for one key (hub-backup.md §0.6, §4.4): its name, owner, labels and
// spec, including the `cluster-activation` label requirement that separates the passive restores
// from the activation subsets.
import {
  ACTIVE_RESTORE_SUFFIX,
  BACKUP_API_VERSION,
  CLUSTER_ACTIVATION,
  LABEL_BACKUP,
  LABEL_BACKUP_CLUSTER,
  MAX_VELERO_RESTORE_NAME_LENGTH,
  type AcmRestore,
} from '../../api/backup/index.js';
import { cloneJson } from '../../util/json.js';
import type { LabelSelector, LabelSelectorRequirement } from '../../api/meta.js';
import { VELERO_API_VERSION, type Backup, type Restore, type RestoreSpec } from '../../api/velero/index.js';
import { isActiveKey, type RestoreKey } from './restore-keys.js';

/** Always excluded, the user's excludedResources after them (§4.4). */
export const ALWAYS_EXCLUDED_RESOURCES: readonly string[] = Object.freeze([
  'CustomResourceDefinition',
  'clusterroles.rbac.authorization.k8s.io',
  'clusterrolebindings.rbac.authorization.k8s.io',
  'roles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'validatingwebhookconfigurations.admissionregistration.k8s.io',
  'validatingadmissionpolicies.admissionregistration.k8s.io',
  'validatingadmissionpolicybindings.admissionregistration.k8s.io',
]);

const CLUSTER_SCOPED_KEYS: readonly RestoreKey[] = ['resources', 'managedClusters', 'resourcesGeneric', 'resourcesGenericActive'];

/** `<restore>-<backup>`, cut to 252 characters; the activation subsets get `-active` after the cut. */
export function veleroRestoreName(restoreName: string, backupName: string, key: RestoreKey): string {
  const base = `${restoreName}-${backupName}`.slice(0, MAX_VELERO_RESTORE_NAME_LENGTH);
  return isActiveKey(key) ? `${base}${ACTIVE_RESTORE_SUFFIX}` : base;
}

/** The name without `-active`, which ties an activation subset to its passive sibling (§4.6). */
export function withoutActiveSuffix(name: string): string {
  return name.endsWith(ACTIVE_RESTORE_SUFFIX) ? name.slice(0, -ACTIVE_RESTORE_SUFFIX.length) : name;
}

function dedupe(...lists: (readonly string[] | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const v of list ?? []) if (!out.includes(v)) out.push(v);
  return out;
}

/** `cluster-activation` NotIn for the passive credentials and generic restores, In for the subsets. */
export function activationRequirement(key: RestoreKey): LabelSelectorRequirement | undefined {
  if (key === 'credentials' || key === 'resourcesGeneric') return { key: LABEL_BACKUP, operator: 'NotIn', values: [CLUSTER_ACTIVATION] };
  if (isActiveKey(key)) return { key: LABEL_BACKUP, operator: 'In', values: [CLUSTER_ACTIVATION] };
  return undefined;
}

function withRequirement(selector: LabelSelector | undefined, requirement: LabelSelectorRequirement): LabelSelector {
  const out: LabelSelector = cloneJson(selector ?? {});
  const expressions = out.matchExpressions ?? [];
  // A user's own expression on the same key wins (§4.4).
  if (!expressions.some((e) => e.key === requirement.key)) out.matchExpressions = [...expressions, cloneJson(requirement)];
  return out;
}

function restoreSpec(acm: AcmRestore, key: RestoreKey, backupName: string): RestoreSpec {
  const user = acm.spec;
  const spec: RestoreSpec = { backupName };
  if (CLUSTER_SCOPED_KEYS.includes(key)) spec.includeClusterResources = true;
  spec.excludedResources = dedupe(ALWAYS_EXCLUDED_RESOURCES, user.excludedResources);
  spec.existingResourcePolicy = 'update';
  if (user.restoreStatus) spec.restoreStatus = cloneJson(user.restoreStatus);
  if (user.preserveNodePorts !== undefined && user.preserveNodePorts !== null) spec.preserveNodePorts = user.preserveNodePorts;
  if (user.restorePVs !== undefined && user.restorePVs !== null) spec.restorePVs = user.restorePVs;
  if (user.includedNamespaces?.length) spec.includedNamespaces = dedupe(user.includedNamespaces);
  if (user.excludedNamespaces?.length) spec.excludedNamespaces = dedupe(user.excludedNamespaces);
  if (user.includedResources?.length) spec.includedResources = dedupe(user.includedResources);
  if (user.namespaceMapping && Object.keys(user.namespaceMapping).length > 0) spec.namespaceMapping = { ...user.namespaceMapping };
  if (user.labelSelector) spec.labelSelector = cloneJson(user.labelSelector);
  if (user.orLabelSelectors?.length) spec.orLabelSelectors = cloneJson(user.orLabelSelectors);

  const requirement = activationRequirement(key);
  if (requirement) {
    if (spec.orLabelSelectors?.length) spec.orLabelSelectors = spec.orLabelSelectors.map((s) => withRequirement(s, requirement));
    else spec.labelSelector = withRequirement(spec.labelSelector, requirement);
  }
  return spec;
}

/** The velero Restore of `key` reading `backup`, controlled by the ACM Restore. */
export function buildVeleroRestore(acm: AcmRestore, key: RestoreKey, backup: Backup): Restore {
  const backupName = backup.metadata.name ?? '';
  return {
    apiVersion: VELERO_API_VERSION,
    kind: 'Restore',
    metadata: {
      name: veleroRestoreName(acm.metadata.name ?? '', backupName, key),
      namespace: acm.metadata.namespace,
      labels: { [LABEL_BACKUP_CLUSTER]: backup.metadata.labels?.[LABEL_BACKUP_CLUSTER] ?? '' },
      ownerReferences: [
        {
          apiVersion: BACKUP_API_VERSION,
          kind: 'Restore',
          name: acm.metadata.name ?? '',
          uid: acm.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: restoreSpec(acm, key, backupName),
  };
}

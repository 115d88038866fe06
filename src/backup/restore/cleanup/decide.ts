// Whether the cleanup deletes one object (hub-backup.md §4.8): its part's label requirements, the
// CleanupAll same-backup rule, and the skip rules of every dynamic delete. The one decision the
// controller applies to what its LISTs return and the preview applies to predicted objects.
import { INSTALLER_NAME_MULTICLUSTERHUB, LABEL_INSTALLER_NAME, LABEL_LOCAL_CLUSTER } from '../../../api/backup/index.js';
import { LABEL_BACKUP_NAME, LABEL_EXCLUDE_FROM_BACKUP } from '../../../api/velero/index.js';
import type { ResourceRef } from '../../../kube/index.js';
import type { CleanupPart, CleanupQuery } from './queries.js';
import { matchesAll } from './requirements.js';

/** What the decision reads of an object. */
export interface CleanupCandidate {
  namespace?: string;
  name: string;
  labels?: Readonly<Record<string, string>>;
}

const isManagedClusters = (ref: ResourceRef): boolean => ref.group === 'cluster.open-cluster-management.io' && ref.plural === 'managedclusters';

/** The skip rules (§4.8): the hub's own cluster, excluded namespaces, and objects marked to be kept. */
export function isProtected(ref: ResourceRef, obj: CleanupCandidate, part: CleanupPart, localClusterName: string): boolean {
  const labels = obj.labels ?? {};
  if (isManagedClusters(ref) && labels[LABEL_LOCAL_CLUSTER] === 'true') return true;
  if (obj.namespace && ((localClusterName !== '' && obj.namespace === localClusterName) || part.excludedNamespaces.includes(obj.namespace))) return true;
  return labels[LABEL_EXCLUDE_FROM_BACKUP] === 'true' || labels[LABEL_INSTALLER_NAME] === INSTALLER_NAME_MULTICLUSTERHUB;
}

export function shouldDelete(part: CleanupPart, query: CleanupQuery, obj: CleanupCandidate, localClusterName: string): boolean {
  if (!matchesAll(query.requirements, obj.labels)) return false;
  if (part.keepSameBackup && obj.labels?.[LABEL_BACKUP_NAME] === part.backup) return false;
  return !(part.skipRules && isProtected(query.ref, obj, part, localClusterName));
}

// What a velero restore would do to each object, without doing it: the engine's plan mode
// (src/local/velero) produces it and `lifeboat restore preview` (src/backup) reads it, so the
// contract lives with the velero.io types both may import.

/** `unchanged`: the object exists and equals the backed-up version. */
export type PlannedAction = 'create' | 'update' | 'unchanged';

export interface PlannedItem {
  action: PlannedAction;
  /** Velero's group-resource (`secrets`, `managedclusters.cluster.open-cluster-management.io`). */
  groupResource: string;
  apiVersion: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  /** The object's labels once restored (the backup's labels plus the two restore labels). */
  labels: Record<string, string>;
  /** For updates: the fields that differ, as dotted paths (`spec.replicas`, `metadata.labels.app`). */
  changedPaths?: string[];
}

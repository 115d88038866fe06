// A restore run without writes (`lifeboat restore preview`): the same selection, item pipeline and
// existing-object comparison as a real restore, with each decision recorded instead of applied.

/** What the restore would do to one object. `unchanged`: it exists and equals the backed-up version. */
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

export class RestorePlanRecorder {
  readonly items: PlannedItem[] = [];

  record(item: PlannedItem): void {
    this.items.push(item);
  }
}

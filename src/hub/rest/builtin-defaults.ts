// Defaults that kube-apiserver's registry strategies apply to built-in kinds on create.
import type { ApiObject } from '../../api/meta.js';

type Labels = Record<string, string>;

/**
 * A Job without `manualSelector` selects its pods by its own uid: the pod template gets the
 * controller-uid and job-name labels (current and legacy keys) and the selector matches the uid.
 */
export function generateJobSelector(job: ApiObject): void {
  const spec = (job.spec ??= {}) as { manualSelector?: boolean; selector?: unknown; template?: { metadata?: { labels?: Labels } } };
  if (spec.manualSelector === true) return;
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  const template = (spec.template ??= {});
  const metadata = (template.metadata ??= {});
  const labels = (metadata.labels ??= {});
  labels['controller-uid'] ??= uid;
  labels['batch.kubernetes.io/controller-uid'] ??= uid;
  labels['job-name'] ??= name;
  labels['batch.kubernetes.io/job-name'] ??= name;
  spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
}

interface ClaimDataSources {
  dataSource?: { apiGroup?: string; kind?: string; name?: string } | null;
  dataSourceRef?: { apiGroup?: string; kind?: string; name?: string; namespace?: string } | null;
}

/**
 * `dataSource` and `dataSourceRef` of a new claim mirror each other when only one is given (the
 * latter only without a namespace), as the AnyVolumeDataSource behaviour of the API server has it.
 */
export function normalizeClaimDataSources(pvc: ApiObject): void {
  const spec = (pvc.spec ?? {}) as ClaimDataSources;
  if (spec.dataSource && !spec.dataSourceRef) {
    spec.dataSourceRef = { ...spec.dataSource };
  } else if (spec.dataSourceRef && !spec.dataSource && !spec.dataSourceRef.namespace) {
    const { apiGroup, kind, name } = spec.dataSourceRef;
    spec.dataSource = { ...(apiGroup !== undefined ? { apiGroup } : {}), kind, name };
  }
}

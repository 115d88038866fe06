// The DefaultStorageClass admission plugin: a PersistentVolumeClaim created without
// `spec.storageClassName` gets the cluster's default StorageClass, as kube-apiserver does.
// `storageClassName: ""` (explicitly no class) and the beta class annotation are left alone.
import type { HubContext } from '../rest/context.js';
import type { ApiObject } from '../../api/meta.js';

const STORAGE_CLASSES_KEY = 'storage.k8s.io/storageclasses';
const DEFAULT_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

export function admitDefaultStorageClass(ctx: HubContext, pvc: ApiObject): void {
  const spec = (pvc.spec ??= {}) as { storageClassName?: unknown };
  if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
  if (pvc.metadata.annotations?.[BETA_CLASS_ANNOTATION] !== undefined) return;
  const name = defaultStorageClass(ctx);
  if (name !== undefined) spec.storageClassName = name;
}

/** With several default classes the newest wins (ties: the first name), as since Kubernetes 1.26. */
function defaultStorageClass(ctx: HubContext): string | undefined {
  let best: ApiObject | undefined;
  for (const key of ctx.store.keysOf(STORAGE_CLASSES_KEY)) {
    const sc = ctx.store.get({ storageKey: STORAGE_CLASSES_KEY, ...key });
    if (!sc || !DEFAULT_ANNOTATIONS.some((a) => sc.metadata.annotations?.[a] === 'true')) continue;
    if (!best || newer(sc, best)) best = sc;
  }
  return best?.metadata.name;
}

function newer(a: ApiObject, b: ApiObject): boolean {
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (ta !== tb) return ta > tb;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '');
}

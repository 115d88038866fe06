// How the cleanup deletes (hub-backup.md §4.8): foreground propagation, then — for an object that
// had finalizers — the finalizers removed so that nothing keeps it. Errors are logged, never fatal.
import type { Logger } from 'pino';
import { isNotFound, type KubeClient, type KubeObject, type ResourceRef } from '../../../kube/index.js';
import { errorText } from '../../../util/errors.js';

/** True when the object is gone or going. */
export async function deleteForeground(client: KubeClient, ref: ResourceRef, obj: KubeObject, log: Logger, signal?: AbortSignal): Promise<boolean> {
  const namespace = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  try {
    await client.delete(ref, name, { namespace, propagationPolicy: 'Foreground', signal });
  } catch (err) {
    if (isNotFound(err)) return false;
    log.error({ kind: ref.kind, namespace, name, err: errorText(err) }, 'cleanup: delete failed');
    return false;
  }
  if ((obj.metadata?.finalizers ?? []).length > 0) {
    try {
      await client.patch(ref, name, [{ op: 'remove', path: '/metadata/finalizers' }], { type: 'json', namespace, signal });
    } catch (err) {
      if (!isNotFound(err)) log.error({ kind: ref.kind, namespace, name, err: errorText(err) }, 'cleanup: removing finalizers failed');
    }
  }
  return true;
}

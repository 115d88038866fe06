// Decision 9: the webhook's rules apply to a new Restore and to each change of its spec, never to
// the Restore's own progress. The controller remembers the spec it last accepted as a hash in an
// annotation, so that a restart tells "the user changed the spec" from "the phase moved on".
import { createHash } from 'node:crypto';
import { ACM_RESTORES, type AcmRestore } from '../../api/backup/index.js';
import type { KubeClient } from '../../kube/index.js';
import { canonicalJson } from '../../util/json.js';

export const ANNOTATION_ACCEPTED_SPEC = 'restore.lifeboat.io/accepted-spec';

export function specHash(restore: AcmRestore): string {
  return createHash('sha256')
    .update(canonicalJson(restore.spec ?? {}))
    .digest('hex')
    .slice(0, 32);
}

/** The spec is the one last accepted: no webhook rule needs to look at it again. */
export function isAcceptedSpec(restore: AcmRestore): boolean {
  return restore.metadata.annotations?.[ANNOTATION_ACCEPTED_SPEC] === specHash(restore);
}

export async function markSpecAccepted(client: KubeClient, restore: AcmRestore, signal?: AbortSignal): Promise<AcmRestore> {
  const patch = { metadata: { annotations: { [ANNOTATION_ACCEPTED_SPEC]: specHash(restore) } } };
  return client.patch<AcmRestore>(ACM_RESTORES, restore.metadata.name ?? '', patch, { type: 'merge', namespace: restore.metadata.namespace, signal });
}

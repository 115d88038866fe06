// A Secret VolSync makes for a mover (generated keys): owned by the CR, labelled created-by
// volsync, its data brought to what `data` returns from the current data.
import { SECRETS } from '../../../kube/index.js';
import { ownerRef, type MoverContext } from '../../context.js';
import { createOrUpdate, setControllerReference } from '../../create-or-update.js';
import type { Secret } from '../../kinds.js';
import { setOwnedByVolSync } from '../../labels.js';

export async function ensureOwnedSecret(ctx: MoverContext, name: string, data: (current: Record<string, string> | undefined) => Record<string, string>): Promise<void> {
  await createOrUpdate<Secret>(
    ctx.client,
    SECRETS,
    ctx.owner.metadata.namespace,
    name,
    (s) => {
      setControllerReference(s, ownerRef(ctx.owner));
      setOwnedByVolSync(s);
      s.type ??= 'Opaque';
      s.data = data(s.data);
    },
    ctx.signal,
  );
}

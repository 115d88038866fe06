// A Secret the user names in the spec: a missing one is reported naming the field.
import { isNotFound, SECRETS } from '../../../kube/index.js';
import type { MoverContext } from '../../context.js';
import type { Secret } from '../../kinds.js';

export async function getUserSecret(ctx: MoverContext, field: string, name: string): Promise<Secret> {
  const namespace = ctx.owner.metadata.namespace;
  try {
    return await ctx.client.get<Secret>(SECRETS, name, { namespace, signal: ctx.signal });
  } catch (err) {
    if (isNotFound(err)) throw new Error(`${field}: Secret "${name}" not found in namespace ${namespace}`);
    throw err;
  }
}

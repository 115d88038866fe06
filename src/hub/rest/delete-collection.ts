// DELETE on a collection (deletecollection): every object the list selects is deleted with the same
// options, as upstream's registry DeleteCollection does; one that went away meanwhile is skipped.
import type { ApiObject } from '../../api/meta.js';
import { ApiError } from '../errors.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { HubContext } from './context.js';
import { listObjects } from './list.js';
import type { ObjectFilter } from './object-filter.js';
import type { DeleteOptions, RestStore } from './rest-store.js';

/** Deletes what `filter` selects; returns the objects as their deletes answered them. */
export async function deleteCollection(
  ctx: HubContext,
  rest: RestStore,
  rt: ResourceType,
  version: string,
  filter: ObjectFilter,
  delOpts: DeleteOptions,
): Promise<ApiObject[]> {
  const { items } = listObjects(ctx, rt, version, filter, {});
  const deleted: ApiObject[] = [];
  for (const item of items) {
    try {
      const result = await rest.delete(rt, version, item.metadata.namespace ?? '', item.metadata.name ?? '', delOpts);
      deleted.push(result.object);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) continue;
      throw err;
    }
  }
  return deleted;
}

import { expired, badRequest } from '../errors.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { ApiObject } from '../../api/meta.js';
import type { HubContext } from './context.js';
import type { ObjectFilter } from './object-filter.js';
import { present } from './presenter.js';

export interface ListOptions {
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  /** The caller can use stored JSON text as is (a plain JSON list response). */
  raw?: boolean;
}

export interface ListResult {
  items: ApiObject[];
  /** Stored JSON of the items, when they needed no conversion (see listObjects). */
  /** Stored JSON of each item, as bytes (built-in kinds, served exactly as stored). */
  rawItems?: Buffer[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinueState {
  v: 'meta.k8s.io/v1';
  rv: number;
  start: { ns: string; name: string };
  /**
   * Lifeboat's own: the remainingItemCount the previous page reported. Counting the rest of a
   * 100,000-object list on every page costs more than reading the page, so it is counted on the
   * first page and carried down (an estimate, as Kubernetes documents the field to be).
   */
  remaining?: number;
}

const EXPIRED_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

function decodeContinue(token: string): ContinueState {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as ContinueState;
    if (state.v !== 'meta.k8s.io/v1' || typeof state.rv !== 'number' || typeof state.start?.ns !== 'string' || typeof state.start?.name !== 'string') {
      throw new Error('bad shape');
    }
    return state;
  } catch {
    throw badRequest(`continue key is not valid: ${token.slice(0, 64)}`);
  }
}

function encodeContinue(state: ContinueState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64');
}

/**
 * Lists current objects in key order. Pages are read from the current state (SQLite keeps no
 * snapshots) but every page reports the first page's resourceVersion, so a watch started from it
 * replays whatever changed while the pages were read: an informer converges either way.
 */
export function listObjects(ctx: HubContext, rt: ResourceType, version: string, filter: ObjectFilter, opts: ListOptions): ListResult {
  const store = ctx.store;
  let listRv = store.currentRv();
  let after: { namespace: string; name: string } | undefined;
  let remainingBefore: number | undefined;
  if (opts.continueToken) {
    const state = decodeContinue(opts.continueToken);
    if (typeof state.remaining === 'number' && Number.isInteger(state.remaining) && state.remaining >= 0) remainingBefore = state.remaining;
    if (state.rv < store.compactedRv()) {
      throw expired(EXPIRED_CONTINUE);
    }
    listRv = state.rv;
    after = { namespace: state.start.ns, name: state.start.name };
  } else if (opts.resourceVersionMatch === 'Exact' && opts.resourceVersion && Number(opts.resourceVersion) !== listRv) {
    throw expired('The resourceVersion for the provided list is too old.');
  }
  const limit = opts.limit && opts.limit > 0 ? opts.limit : undefined;
  const items: ApiObject[] = [];
  let lastKey: { namespace: string; name: string } | undefined;
  let more = false;
  if (opts.raw && canServeRaw(rt, version, filter)) {
    // Built-in kinds are stored exactly as served: hand the stored text out without a parse and
    // re-serialisation, which is most of the cost of a large list.
    const page = store.pageRaw(rt.storageKey, filter.namespace, after, limit);
    more = page.more;
    lastKey = page.last;
    return finish({ items, rawItems: page.bodies, resourceVersion: String(listRv) });
  }
  for (const stored of store.scan(rt.storageKey, filter.namespace, after, filter.name)) {
    if (limit !== undefined && items.length >= limit) {
      more = true;
      break;
    }
    lastKey = { namespace: stored.metadata.namespace ?? '', name: stored.metadata.name ?? '' };
    const obj = present(rt, version, stored);
    if (filter.matches(obj)) items.push(obj);
  }
  return finish({ items, resourceVersion: String(listRv) });

  function finish(result: ListResult): ListResult {
    if (more && lastKey) {
      let remaining: number | undefined;
      if (filter.selectsAll) {
        const served = result.rawItems?.length ?? result.items.length;
        // Never below 1: there is a next page.
        remaining = remainingBefore !== undefined ? Math.max(1, remainingBefore - served) : store.count(rt.storageKey, filter.namespace, lastKey);
        result.remainingItemCount = remaining;
      }
      result.continueToken = encodeContinue({
        v: 'meta.k8s.io/v1',
        rv: listRv,
        start: { ns: lastKey.namespace, name: lastKey.name },
        ...(remaining !== undefined ? { remaining } : {}),
      });
    }
    return result;
  }
}

function canServeRaw(rt: ResourceType, version: string, filter: ObjectFilter): boolean {
  return filter.selectsAll && !rt.crdName && !rt.view && rt.versions.length === 1 && rt.versions[0].name === version;
}

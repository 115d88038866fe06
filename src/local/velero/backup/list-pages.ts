// LIST one resource a page at a time, keeping each object exactly as the server sent it (big
// integers included), so that a backup streams instead of holding a whole resource list.
import { isExpired, resourcePath, type KubeClient } from '../../../kube/index.js';
import type { ApiResourceInfo } from '../filters/api-resources.js';
import { parseKubeJson } from './go-json.js';
import type { KubeObject } from '../../../api/meta.js';
import type { JsonObject } from '../../../util/json.js';

export type RawObject = JsonObject & KubeObject;

interface RawList {
  metadata?: { continue?: string };
  items?: RawObject[];
}

export interface ListPagesOptions {
  /** '' or absent: across all namespaces (or cluster-scoped). */
  namespace?: string;
  labelSelector?: string;
  pageSize: number;
  signal?: AbortSignal;
  /** Called when a continue token expired and the listing starts over. */
  onRestart?: () => void;
}

const MAX_RESTARTS = 3;

export const CORE_NAMESPACES: ApiResourceInfo = {
  group: '',
  version: 'v1',
  plural: 'namespaces',
  singular: 'namespace',
  kind: 'Namespace',
  shortNames: ['ns'],
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list'],
  groupResource: 'namespaces',
};

async function fetchPage(client: KubeClient, resource: ApiResourceInfo, opts: ListPagesOptions, token: string | undefined): Promise<RawList> {
  const res = await client.transport.stream({
    method: 'GET',
    path: resourcePath(resource, opts.namespace || undefined),
    query: { labelSelector: opts.labelSelector || undefined, limit: opts.pageSize, continue: token },
    signal: opts.signal,
  });
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of res) chunks.push(chunk as Buffer);
  } finally {
    res.destroy();
  }
  return parseKubeJson<RawList>(Buffer.concat(chunks).toString('utf8'));
}

/**
 * Every matching object, page by page, each with apiVersion and kind filled in (list items may
 * omit them). A continue token that expires mid-way restarts the listing from the beginning; the
 * caller's de-duplication absorbs the objects seen twice.
 */
export async function* listObjects(client: KubeClient, resource: ApiResourceInfo, opts: ListPagesOptions): AsyncGenerator<RawObject[], void, undefined> {
  const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
  let token: string | undefined;
  let restarts = 0;
  for (;;) {
    let page: RawList;
    try {
      page = await fetchPage(client, resource, opts, token);
    } catch (err) {
      if (token && isExpired(err) && restarts < MAX_RESTARTS) {
        restarts++;
        token = undefined;
        opts.onRestart?.();
        continue;
      }
      throw err;
    }
    const items = page.items ?? [];
    for (const item of items) {
      item.apiVersion ??= apiVersion;
      item.kind ??= resource.kind;
    }
    yield items;
    token = page.metadata?.continue || undefined;
    if (!token) return;
  }
}

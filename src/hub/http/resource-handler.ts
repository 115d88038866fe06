import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, methodNotAllowed, notFound, pathNotFound, unsupportedMediaType } from '../errors.js';
import { findVersion, groupResource, groupVersion, type ResourceType } from '../registry/resource-type.js';
import type { ApiObject, Status } from '../../api/meta.js';
import type { HubContext } from '../rest/context.js';
import type { RestStore } from '../rest/rest-store.js';
import { buildFilter } from '../rest/object-filter.js';
import { deleteCollection } from '../rest/delete-collection.js';
import { listObjects } from '../rest/list.js';
import { parseFieldSelector } from '../selectors/field-selector.js';
import { decodeObjectBody, decodePatchBody, objectBodyFormat, patchTypeOf, readBody, responseFormat } from './negotiate.js';
import { readDeleteOptions } from './delete-options.js';
import {
  applyListDefaults,
  checkGetQuery,
  checkPathSegmentName,
  decodeCreateOrUpdateQuery,
  decodeListQuery,
  decodePatchQuery,
  listLimit,
  parseResourceVersionParam,
  validateListQuery,
} from './request-options.js';
import { sendJson, sendRawJson, sendStatus } from './respond.js';
import { tableFor, tableOptions } from './tables.js';
import { serveWatch } from './watch-handler.js';

export interface ResourceRequest {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  watchPrefix: boolean;
}

const CR_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
const BUILTIN_PATCH_TYPES = [...CR_PATCH_TYPES, 'application/strategic-merge-patch+json'];

export interface HandlerDeps {
  ctx: HubContext;
  rest: RestStore;
  bookmarkIntervalMs: number;
  /** Registers a watch so shutdown can end it. */
  trackWatch(end: () => void): () => void;
  /** Where container logs are read from (pods/{name}/log); none: containers have no logs. */
  podLogDir?: string;
}

/** Resolves the resource type and version a request addresses; 404 like upstream otherwise. */
export function resolveType(deps: HandlerDeps, r: ResourceRequest): ResourceType {
  const rt = deps.ctx.registry.lookup(r.group, r.resource);
  if (!rt || !findVersion(rt, r.version)) throw pathNotFound();
  if (r.namespace !== undefined && !rt.namespaced) throw pathNotFound();
  if (r.subresource !== undefined) {
    const core = rt.group === '' && !rt.crdName;
    const ok =
      (r.subresource === 'status' && rt.statusSubresource) ||
      (r.subresource === 'finalize' && core && rt.plural === 'namespaces') ||
      (r.subresource === 'binding' && core && rt.plural === 'pods');
    if (!ok) throw pathNotFound();
  }
  return rt;
}

function warningHeaders(res: ServerResponse, warnings: string[]): void {
  if (warnings.length > 0)
    res.setHeader(
      'Warning',
      warnings.map((w) => `299 - "${w.replace(/"/g, '\\"')}"`),
    );
}

export async function handleResource(deps: HandlerDeps, req: IncomingMessage, res: ServerResponse, r: ResourceRequest, q: URLSearchParams): Promise<void> {
  const rt = resolveType(deps, r);
  const namespace = r.namespace ?? '';
  const method = req.method ?? 'GET';
  const { rest } = deps;

  if (rt.namespaced && r.namespace === undefined && r.name !== undefined) throw pathNotFound();

  if (method === 'GET') {
    // A name in the path is a get, unless the deprecated /watch/ prefix makes it a watch of one
    // object; `?watch=` on an object's path is ignored there, as upstream's routes do.
    if (r.name !== undefined && !r.watchPrefix) {
      checkGetQuery(q);
      parseResourceVersionParam(q.get('resourceVersion') ?? '');
      checkPathSegmentName(r.name);
      const obj = rest.get(rt, r.version, namespace, r.name);
      sendObject(deps, req, res, rt, r.version, obj, q);
      return;
    }
    const opts = decodeListQuery(q);
    const filter = buildFilter(rt, r.version, rt.namespaced ? r.namespace : undefined, opts.labelSelector, namedFieldSelector(opts.fieldSelector, r.name));
    const isWatch = r.watchPrefix || opts.watch;
    validateListQuery(applyListDefaults(opts));
    parseResourceVersionParam(opts.resourceVersion);
    if (isWatch) {
      serveWatch(deps, req, res, rt, r.version, filter, applyListDefaults({ ...opts, watch: true }), q);
      return;
    }
    const asTable = responseFormat(req.headers.accept) === 'table';
    const table = asTable ? tableOptions(q, deps.ctx.clock.now()) : undefined;
    const list = listObjects(deps.ctx, rt, r.version, filter, {
      limit: listLimit(opts),
      continueToken: opts.continueToken || undefined,
      resourceVersion: opts.resourceVersion || undefined,
      resourceVersionMatch: opts.resourceVersionMatch || undefined,
      raw: !asTable,
    });
    if (table) {
      sendJson(
        res,
        200,
        tableFor(rt, r.version, list.items, {
          ...table,
          resourceVersion: list.resourceVersion,
          continueToken: list.continueToken,
          remainingItemCount: list.remainingItemCount,
        }),
        'table',
      );
      return;
    }
    const metadata: Record<string, unknown> = { resourceVersion: list.resourceVersion };
    if (list.continueToken) metadata.continue = list.continueToken;
    if (list.remainingItemCount !== undefined) metadata.remainingItemCount = list.remainingItemCount;
    if (list.rawItems) {
      const head = JSON.stringify({ kind: rt.listKind, apiVersion: groupVersion(rt.group, r.version), metadata });
      sendRawJson(res, 200, joinJsonList(head, list.rawItems));
      return;
    }
    sendJson(res, 200, { kind: rt.listKind, apiVersion: groupVersion(rt.group, r.version), metadata, items: list.items });
    return;
  }

  const sub = r.subresource as 'status' | 'finalize' | undefined;

  if (r.subresource === 'binding') {
    if (method !== 'POST' || r.name === undefined) throw methodNotAllowed();
    const body = await readBody(req);
    await rest.bind(rt, r.version, namespace, r.name, parseJsonBody(body));
    sendJson(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } satisfies Status);
    return;
  }
  // Each verb in upstream's order: media type (415), body (413), options (400, then 422), body decoding.
  if (method === 'POST') {
    if (r.name !== undefined) throw methodNotAllowed();
    const format = objectBodyFormat(req.headers['content-type']);
    const body = await readBody(req);
    const opts = decodeCreateOrUpdateQuery(q, 'create');
    const obj = decodeObjectBody(format, body, rt.kind);
    const result = await rest.create(rt, r.version, namespace, obj, opts);
    warningHeaders(res, result.warnings);
    sendObject(deps, req, res, rt, r.version, result.object, q, 201);
    return;
  }
  if (method === 'PUT') {
    if (r.name === undefined) throw methodNotAllowed();
    const format = objectBodyFormat(req.headers['content-type']);
    const body = await readBody(req);
    const opts = decodeCreateOrUpdateQuery(q, 'update');
    const obj = decodeObjectBody(format, body, rt.kind);
    checkPathSegmentName(r.name);
    const result = await rest.update(rt, r.version, namespace, r.name, obj, sub, opts);
    warningHeaders(res, result.warnings);
    sendObject(deps, req, res, rt, r.version, result.object, q, 200);
    return;
  }
  if (method === 'PATCH') {
    if (r.name === undefined) throw methodNotAllowed();
    const type = patchTypeOf(req.headers['content-type'], rt.strategicMerge ? BUILTIN_PATCH_TYPES : CR_PATCH_TYPES);
    // Upstream refuses the media type before looking for the object.
    if (type === 'strategic' && !rt.strategicMerge) throw unsupportedMediaType(CR_PATCH_TYPES);
    const body = await readBody(req);
    const opts = decodePatchQuery(q, type);
    const patch = decodePatchBody(type, body);
    checkPathSegmentName(r.name);
    const result = await rest.patch(rt, r.version, namespace, r.name, type, patch, sub, opts);
    warningHeaders(res, result.warnings);
    sendObject(deps, req, res, rt, r.version, result.object, q, result.created ? 201 : 200);
    return;
  }
  if (method === 'DELETE') {
    if (r.name !== undefined) {
      if (sub) throw methodNotAllowed();
      const body = await readBody(req);
      const delOpts = readDeleteOptions(req.headers['content-type'], body, q);
      checkPathSegmentName(r.name);
      const result = await rest.delete(rt, r.version, namespace, r.name, delOpts);
      if (result.removed) {
        sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: { name: r.name, group: rt.group, kind: rt.plural, uid: result.object.metadata.uid },
        } satisfies Status);
      } else {
        // Upstream's legacy `orphanDependents=false` answer for a delete that is still pending.
        sendObject(deps, req, res, rt, r.version, result.object, q, delOpts.orphanDependents === false ? 202 : 200);
      }
      return;
    }
    const listOpts = decodeListQuery(q);
    const filter = buildFilter(rt, r.version, rt.namespaced ? r.namespace : undefined, listOpts.labelSelector, listOpts.fieldSelector);
    validateListQuery(applyListDefaults(listOpts));
    const body = await readBody(req);
    const delOpts = readDeleteOptions(req.headers['content-type'], body, q);
    const deleted = await deleteCollection(deps.ctx, deps.rest, rt, r.version, filter, delOpts);
    sendJson(res, 200, {
      kind: rt.listKind,
      apiVersion: groupVersion(rt.group, r.version),
      metadata: { resourceVersion: String(deps.ctx.store.currentRv()) },
      items: deleted,
    });
    return;
  }
  throw methodNotAllowed();
}

function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw badRequest(`the body of the request is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * A watch of one object (`/watch/…/<name>`) is a watch with `metadata.name=<name>`; a field
 * selector beside it must ask for that same name and nothing else, as upstream requires.
 */
function namedFieldSelector(fieldSelector: string | undefined, name: string | undefined): string | undefined {
  if (name === undefined || !fieldSelector) return name === undefined ? fieldSelector : `metadata.name=${name}`;
  const reqs = parseFieldSelector(fieldSelector);
  const exact = reqs.length === 1 && reqs[0].field === 'metadata.name' && reqs[0].operator !== '!=' ? reqs[0].value : undefined;
  if (exact !== name) throw badRequest("fieldSelector metadata.name doesn't match requested name");
  return fieldSelector;
}

function sendObject(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  rt: ResourceType,
  version: string,
  obj: ApiObject,
  q: URLSearchParams,
  code = 200,
): void {
  if (responseFormat(req.headers.accept) === 'table') {
    sendJson(
      res,
      code,
      tableFor(rt, version, [obj], { ...tableOptions(q, deps.ctx.clock.now()), resourceVersion: obj.metadata.resourceVersion ?? '' }),
      'table',
    );
    return;
  }
  sendJson(res, code, obj);
}

export function notFoundFor(rt: ResourceType, name: string): ApiError {
  return notFound(groupResource(rt), name);
}

export { sendStatus };

const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(']}');

/** `{…head…,"items":[a,b,…]}` as one buffer, from the list's head object and the items' stored bytes. */
function joinJsonList(head: string, items: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"items":[`)];
  items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(item);
  });
  parts.push(LIST_END);
  return Buffer.concat(parts);
}

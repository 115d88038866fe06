import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, methodNotAllowed, notFound, pathNotFound, unsupportedMediaType } from '../errors.js';
import { findVersion, groupResource, groupVersion, type ResourceType } from '../registry/resource-type.js';
import type { ApiObject } from '../../api/meta.js';
import type { HubContext } from '../rest/context.js';
import type { DeleteOptions, RestStore, WriteOptions, FieldValidation } from '../rest/rest-store.js';
import { buildFilter } from '../rest/object-filter.js';
import { listObjects } from '../rest/list.js';
import { decodeObjectBody, decodePatchBody, readBody, responseFormat } from './negotiate.js';
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
}

/** Resolves the resource type and version a request addresses; 404 like upstream otherwise. */
export function resolveType(deps: HandlerDeps, r: ResourceRequest): ResourceType {
  const rt = deps.ctx.registry.lookup(r.group, r.resource);
  if (!rt || !findVersion(rt, r.version)) throw pathNotFound();
  if (r.namespace !== undefined && !rt.namespaced) throw pathNotFound();
  if (r.subresource !== undefined) {
    const ok = (r.subresource === 'status' && rt.statusSubresource) || (r.subresource === 'finalize' && rt.group === '' && rt.plural === 'namespaces');
    if (!ok) throw pathNotFound();
  }
  return rt;
}

function writeOptions(q: URLSearchParams): WriteOptions {
  const dryRun = q.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All')) throw badRequest(`Invalid dry run value: ${dryRun.join(',')}; valid values are "All"`);
  const fv = q.get('fieldValidation') ?? undefined;
  if (fv !== undefined && !['Strict', 'Warn', 'Ignore'].includes(fv)) {
    throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got "${fv}"`);
  }
  const fieldManager = q.get('fieldManager') ?? undefined;
  if (fieldManager !== undefined && fieldManager.length > 128) throw badRequest('fieldManager: Too long: must have at most 128 bytes');
  return { dryRun: dryRun.length > 0, fieldManager, fieldValidation: fv as FieldValidation | undefined, force: q.get('force') === 'true' };
}

function parseDeleteOptions(body: Buffer, q: URLSearchParams): DeleteOptions {
  let opts: Record<string, unknown> = {};
  if (body.length > 0) {
    try {
      opts = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch (err) {
      throw badRequest(`the body of the DeleteOptions is not valid JSON: ${(err as Error).message}`);
    }
    if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) throw badRequest('the body of the request must be a DeleteOptions object');
  }
  const policy = (opts.propagationPolicy as string | undefined) ?? q.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw new ApiError(422, 'Invalid', `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  const dryRun = [...((opts.dryRun as string[] | undefined) ?? []), ...q.getAll('dryRun')];
  const orphanQ = q.get('orphanDependents');
  return {
    propagationPolicy: policy as DeleteOptions['propagationPolicy'],
    orphanDependents: (opts.orphanDependents as boolean | undefined) ?? (orphanQ === null ? undefined : orphanQ === 'true'),
    preconditions: opts.preconditions as DeleteOptions['preconditions'],
    dryRun: dryRun.includes('All'),
  };
}

function parseLimit(q: URLSearchParams): number | undefined {
  const raw = q.get('limit');
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`limit: Invalid value: "${raw}": must be a non-negative integer`);
  return n;
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
  const isWatch = r.watchPrefix || q.get('watch') === 'true' || q.get('watch') === '1';

  if (rt.namespaced && r.namespace === undefined && r.name !== undefined) throw pathNotFound();

  if (method === 'GET') {
    if (r.name !== undefined && !isWatch) {
      const obj = rest.get(rt, r.version, namespace, r.name);
      sendObject(deps, req, res, rt, r.version, obj, q);
      return;
    }
    const filter = buildFilter(
      rt,
      r.version,
      rt.namespaced ? r.namespace : undefined,
      q.get('labelSelector') ?? undefined,
      namedFieldSelector(q.get('fieldSelector'), r.name),
    );
    if (isWatch) {
      serveWatch(deps, req, res, rt, r.version, filter, q);
      return;
    }
    const asTable = responseFormat(req.headers.accept) === 'table';
    const list = listObjects(deps.ctx, rt, r.version, filter, {
      limit: parseLimit(q),
      continueToken: q.get('continue') ?? undefined,
      resourceVersion: q.get('resourceVersion') ?? undefined,
      resourceVersionMatch: q.get('resourceVersionMatch') ?? undefined,
      raw: !asTable,
    });
    if (asTable) {
      sendJson(
        res,
        200,
        tableFor(rt, r.version, list.items, {
          ...tableOptions(q, deps.ctx.clock.now()),
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

  const body = await readBody(req);
  const sub = r.subresource as 'status' | 'finalize' | undefined;

  if (method === 'POST') {
    if (r.name !== undefined) throw methodNotAllowed();
    const obj = decodeObjectBody(req.headers['content-type'], body, rt.kind);
    const result = await rest.create(rt, r.version, namespace, obj, writeOptions(q));
    warningHeaders(res, result.warnings);
    sendObject(deps, req, res, rt, r.version, result.object, q, 201);
    return;
  }
  if (method === 'PUT') {
    if (r.name === undefined) throw methodNotAllowed();
    const obj = decodeObjectBody(req.headers['content-type'], body, rt.kind);
    const result = await rest.update(rt, r.version, namespace, r.name, obj, sub, writeOptions(q));
    warningHeaders(res, result.warnings);
    sendObject(deps, req, res, rt, r.version, result.object, q, 200);
    return;
  }
  if (method === 'PATCH') {
    if (r.name === undefined) throw methodNotAllowed();
    const accepted = rt.strategicMerge ? BUILTIN_PATCH_TYPES : CR_PATCH_TYPES;
    const { type, patch } = decodePatchBody(req.headers['content-type'], body, accepted);
    // Upstream refuses the media type before looking for the object.
    if (type === 'strategic' && !rt.strategicMerge) throw unsupportedMediaType(CR_PATCH_TYPES);
    const opts = writeOptions(q);
    if (type === 'apply' && !opts.fieldManager) throw badRequest('PATCH request must have fieldManager parameter set for server-side apply');
    const result = await rest.patch(rt, r.version, namespace, r.name, type, patch, sub, opts);
    warningHeaders(res, result.warnings);
    sendObject(deps, req, res, rt, r.version, result.object, q, result.created ? 201 : 200);
    return;
  }
  if (method === 'DELETE') {
    const delOpts = parseDeleteOptions(body, q);
    if (r.name !== undefined) {
      if (sub) throw methodNotAllowed();
      const result = await rest.delete(rt, r.version, namespace, r.name, delOpts);
      if (result.removed) {
        sendJson(res, 200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: { name: r.name, group: rt.group, kind: rt.plural, uid: result.object.metadata.uid },
        });
      } else {
        sendObject(deps, req, res, rt, r.version, result.object, q, 200);
      }
      return;
    }
    await deleteCollection(deps, res, rt, r, q, delOpts);
    return;
  }
  throw methodNotAllowed();
}

/** kubectl waits on one object by listing/watching with `metadata.name=<n>`; a name in the path means the same. */
function namedFieldSelector(fieldSelector: string | null, name: string | undefined): string | undefined {
  if (name === undefined) return fieldSelector ?? undefined;
  const byName = `metadata.name=${name}`;
  return fieldSelector ? `${fieldSelector},${byName}` : byName;
}

async function deleteCollection(
  deps: HandlerDeps,
  res: ServerResponse,
  rt: ResourceType,
  r: ResourceRequest,
  q: URLSearchParams,
  delOpts: DeleteOptions,
): Promise<void> {
  const filter = buildFilter(rt, r.version, rt.namespaced ? r.namespace : undefined, q.get('labelSelector') ?? undefined, q.get('fieldSelector') ?? undefined);
  const { items } = listObjects(deps.ctx, rt, r.version, filter, {});
  const deleted: ApiObject[] = [];
  for (const item of items) {
    try {
      const result = await deps.rest.delete(rt, r.version, item.metadata.namespace ?? '', item.metadata.name ?? '', delOpts);
      deleted.push(result.object);
    } catch (err) {
      if (err instanceof ApiError && err.code === 404) continue;
      throw err;
    }
  }
  sendJson(res, 200, {
    kind: rt.listKind,
    apiVersion: groupVersion(rt.group, r.version),
    metadata: { resourceVersion: String(deps.ctx.store.currentRv()) },
    items: deleted,
  });
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

import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ApiError, forbidden, internalError, pathNotFound, unauthorized } from '../errors.js';
import type { TokenAuthenticator, Identity } from '../security/tokens.js';
import { parseRequestPath, type RequestTarget as RequestPath } from './request-info.js';
import { checkHostHeader, MalformedRequest, parseRequestTarget, type ParsedTarget } from './request-target.js';
import { describeError } from '../../util/safe-error.js';
import {
  clientGone,
  closeUnlessBodyRead,
  isLongRunning,
  refuseMalformed,
  REQUEST_HEADER_TIMEOUT_MS,
  startDeadline,
  type RequestDeadline,
} from './request-lifecycle.js';
import { choosePrettyPrint, commonHeaders, sendJson, sendStatus, sendText } from './respond.js';
import { handleResource, type HandlerDeps } from './resource-handler.js';
import {
  AGGREGATED_CONTENT_TYPE,
  aggregatedDiscovery,
  legacyApiVersions,
  legacyGroupDoc,
  legacyGroupList,
  resourceList,
  wantsAggregated,
} from './discovery.js';
import { groupVersionDocument, openApiRoot } from './openapi.js';
import { acceptsJson } from './negotiate.js';
import { isPodLogRequest, servePodLog } from './pod-log.js';
import { HubRequestMetrics } from './request-metrics.js';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-lifeboat',
  gitCommit: 'lifeboat',
  gitTreeState: 'clean',
  buildDate: '2026-11-26T00:00:00Z',
  goVersion: `node${process.versions.node}`,
  compiler: 'node',
  platform: `${process.platform}/${process.arch}`,
};

const READ_VERBS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface ApiServerOptions {
  key: string;
  cert: string;
  auth: TokenAuthenticator;
  deps: HandlerDeps;
  log: Logger;
}

/** The HTTPS front of the hub: authentication, routing, and errors as Kubernetes Status bodies. */
export function createApiServer(opts: ApiServerOptions): https.Server {
  const { deps, auth, log } = opts;
  const metrics = new HubRequestMetrics();
  const cache = new Map<string, { generation: number; body: unknown }>();
  const cached = <T>(key: string, build: () => T): T => {
    const hit = cache.get(key);
    if (hit && hit.generation === deps.ctx.registry.generation) return hit.body as T;
    const body = build();
    cache.set(key, { generation: deps.ctx.registry.generation, body });
    return body;
  };

  const server = https.createServer({ key: opts.key, cert: opts.cert, minVersion: 'TLSv1.2' }, (req, res) => {
    // handle() answers every failure itself; this only keeps a bug there from taking the hub down.
    handle(req, res).catch((err: unknown) => {
      log.error({ method: req.method, error: describeError(err) }, 'request handling failed');
      res.destroy();
    });
  });
  // Go clients keep idle connections; closing them early shows up as sporadic EOFs on writes.
  server.keepAliveTimeout = 120_000;
  // kube-apiserver's ReadHeaderTimeout. Node measures it from a request's first byte, not over
  // idle keep-alive time, and checks it every connectionsCheckingInterval.
  server.headersTimeout = REQUEST_HEADER_TIMEOUT_MS;
  // A stalled body is ended by the request deadline below, with upstream's 504.
  server.requestTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    let target: ParsedTarget;
    try {
      checkHostHeader(req.headersDistinct.host);
      target = parseRequestTarget(req.url ?? '');
    } catch (err) {
      if (!(err instanceof MalformedRequest)) throw err;
      refuseMalformed(req, res, err);
      return;
    }
    res.setHeader('Audit-Id', randomUUID());
    commonHeaders(res);
    choosePrettyPrint(res, target.query, req.headers['user-agent']);
    const path = parseRequestPath(target.path);
    const served = metrics.start(req, path, target.query);
    let identity: Identity | undefined;
    let deadline: RequestDeadline | undefined;
    try {
      // Before authentication, as upstream's request-deadline filter: a bad `timeout` is a 400 to anyone.
      if (!isLongRunning(req.method, path, target.query)) deadline = startDeadline(req, res, target.query);
      identity = auth.authenticate(req.headers.authorization);
      if (!identity) throw unauthorized();
      await route(req, res, path, target.query, identity);
    } catch (err) {
      // After the deadline the client has its 504 already, and a client that left needs nothing.
      if (deadline?.expired()) return;
      if (clientGone(req, res)) {
        res.destroy();
      } else {
        const apiErr = err instanceof ApiError ? err : internalError('the hub failed to serve this request');
        // Never the error's message: it may quote what the client sent.
        if (!(err instanceof ApiError)) log.error({ method: req.method, path: safePath(req.url), error: describeError(err) }, 'request failed');
        closeUnlessBodyRead(req, res);
        sendStatus(res, apiErr);
      }
    } finally {
      deadline?.clear();
      // A watch (or any answer still streaming) is counted when its response ends.
      if (res.writableFinished || res.destroyed) served(res.statusCode);
      else res.once('close', () => served(res.statusCode));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (log.isLevelEnabled('debug')) log.debug({ method: req.method, path: safePath(req.url), code: res.statusCode, ms, user: identity?.name }, 'request');
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, target: RequestPath, query: URLSearchParams, identity: Identity): Promise<void> {
    const method = req.method ?? 'GET';
    if (target.type !== 'resource' && target.type !== 'unknown' && !READ_VERBS.has(method))
      throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    const accept = req.headers.accept;
    switch (target.type) {
      case 'version':
        return sendJson(res, 200, SERVER_VERSION);
      case 'health':
        return sendText(res, 200, 'ok');
      case 'metrics': {
        // As kube-apiserver: for any authenticated caller allowed to read (the read-only token too).
        const text = await metrics.registry.metrics();
        res.setHeader('Content-Type', metrics.registry.contentType);
        res.statusCode = 200;
        res.end(text);
        return;
      }
      case 'apiRoot':
        if (wantsAggregated(accept))
          return sendJson(
            res,
            200,
            cached('agg-core', () => aggregatedDiscovery(deps.ctx.registry, true)),
            'raw',
            AGGREGATED_CONTENT_TYPE,
          );
        return sendJson(res, 200, legacyApiVersions(req.socket.localAddress ? `${req.socket.localAddress}:${req.socket.localPort}` : ''));
      case 'apisRoot':
        if (wantsAggregated(accept))
          return sendJson(
            res,
            200,
            cached('agg-groups', () => aggregatedDiscovery(deps.ctx.registry, false)),
            'raw',
            AGGREGATED_CONTENT_TYPE,
          );
        return sendJson(
          res,
          200,
          cached('legacy-groups', () => legacyGroupList(deps.ctx.registry)),
        );
      case 'group': {
        const doc = legacyGroupDoc(deps.ctx.registry, target.group);
        if (!doc) throw pathNotFound();
        return sendJson(res, 200, doc);
      }
      case 'groupVersion': {
        const doc = cached(`rl:${target.group}/${target.version}`, () => resourceList(deps.ctx.registry, target.group, target.version));
        if (!doc) throw pathNotFound();
        return sendJson(res, 200, doc);
      }
      case 'openapiV3Root':
        return sendJson(
          res,
          200,
          cached('openapi-root', () => openApiRoot(deps.ctx.registry)),
        );
      case 'openapiV3': {
        const doc = cached(`oa:${target.group}/${target.version}`, () => groupVersionDocument(deps.ctx.registry, target.group, target.version));
        if (!doc) throw pathNotFound();
        return sendJson(res, 200, doc);
      }
      case 'resource': {
        if (isPodLogRequest(target)) return servePodLog(deps, req, res, target, query);
        if (!acceptsJson(accept))
          throw new ApiError(
            406,
            'NotAcceptable',
            'only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io',
          );
        if (identity.readOnly && !READ_VERBS.has(method)) {
          const verb = verbOf(method, target.name !== undefined);
          const scope = target.namespace ? `in the namespace "${target.namespace}"` : 'at the cluster scope';
          throw forbidden(
            `User "${identity.name}" cannot ${verb} resource "${target.resource}${target.subresource ? '/' + target.subresource : ''}" in API group "${target.group}" ${scope}`,
            {
              name: target.name,
              group: target.group,
              kind: target.resource,
            },
          );
        }
        return handleResource(deps, req, res, target, query);
      }
      default:
        throw pathNotFound();
    }
  }

  return server;
}

function verbOf(method: string, named: boolean): string {
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

/** Paths never carry secrets, but query strings may (continue tokens are harmless); log the path only. */
function safePath(url: string | undefined): string {
  return (url ?? '').split('?')[0];
}

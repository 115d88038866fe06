// The API server's request metrics at /metrics, named and labelled as kube-apiserver's, so that the
// dashboards and alerts written for a real control plane (request rate by verb and resource, error
// ratio, latency) read the embedded hub unchanged.
import type { IncomingMessage } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestTarget } from './request-info.js';
import { queryBool } from './go-query.js';

// kube-apiserver's buckets for apiserver_request_duration_seconds.
const DURATION_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

type ResourceTarget = Extract<RequestTarget, { type: 'resource' }>;

/** The labels upstream gives every resource request. */
interface RequestLabels {
  verb: string;
  dry_run: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  scope: string;
  component: string;
}

export class HubRequestMetrics {
  readonly registry = new Registry();
  private readonly total: Counter<keyof RequestLabels | 'code'>;
  private readonly duration: Histogram<keyof RequestLabels>;
  private readonly inflight: Record<'readOnly' | 'mutating', { inc(): void; dec(): void }>;
  private readonly longRunning: Gauge<keyof RequestLabels>;

  constructor() {
    this.total = new Counter({
      name: 'apiserver_request_total',
      help: 'Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.',
      labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component', 'code'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.',
      labelNames: ['verb', 'dry_run', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      buckets: DURATION_BUCKETS,
      registers: [this.registry],
    });
    const inflight = new Gauge({
      name: 'apiserver_current_inflight_requests',
      // Upstream reports the most in flight within the last second; this is the number right now.
      help: 'Number of requests being served per request kind (readOnly, mutating); watches are not counted.',
      labelNames: ['request_kind'],
      registers: [this.registry],
    });
    this.longRunning = new Gauge({
      name: 'apiserver_longrunning_requests',
      help: 'Gauge of all active long-running apiserver requests (watches) broken out by verb, group, version, resource, scope and component.',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'component'],
      registers: [this.registry],
    });
    this.inflight = { readOnly: inflight.labels({ request_kind: 'readOnly' }), mutating: inflight.labels({ request_kind: 'mutating' }) };
  }

  /**
   * Counts a request that is being served; the returned function records its end (for a watch:
   * when its stream ends, which is when upstream counts it in apiserver_request_total).
   */
  start(req: IncomingMessage, target: RequestTarget, query: URLSearchParams): (code: number) => void {
    const labels = target.type === 'resource' ? resourceLabels(req, target, query) : undefined;
    // Watches are long-running: upstream keeps them out of the in-flight limits and the latency
    // histogram, and counts them in a gauge of their own.
    const watch = labels?.verb === 'WATCH';
    const kind = watch ? undefined : req.method === 'GET' || req.method === 'HEAD' ? 'readOnly' : 'mutating';
    if (kind) this.inflight[kind].inc();
    const { dry_run: _dryRun, ...longRunningLabels } = labels ?? ({} as RequestLabels);
    if (watch) this.longRunning.inc(longRunningLabels);
    const started = process.hrtime.bigint();
    return (code) => {
      if (kind) this.inflight[kind].dec();
      if (watch) this.longRunning.dec(longRunningLabels);
      if (!labels) return;
      const key = labelKey(labels);
      this.child(this.totals, `${key}\u0000${code}`, () => this.total.labels({ ...labels, code: String(code) })).inc();
      if (labels.verb !== 'WATCH') this.child(this.durations, key, () => this.duration.labels(labels)).observe(Number(process.hrtime.bigint() - started) / 1e9);
    };
  }

  // One child per label set, found by a joined key: prom-client's own lookup validates and sorts
  // the labels on every call, which showed in the hub's profile of a stream of small requests.
  private readonly totals = new Map<string, { inc(): void }>();
  private readonly durations = new Map<string, { observe(v: number): void }>();

  private child<T>(children: Map<string, T>, key: string, make: () => T): T {
    let c = children.get(key);
    if (!c) {
      c = make();
      children.set(key, c);
    }
    return c;
  }
}

function labelKey(l: RequestLabels): string {
  return `${l.verb}\u0000${l.dry_run}\u0000${l.group}\u0000${l.version}\u0000${l.resource}\u0000${l.subresource}\u0000${l.scope}`;
}

/** Upstream's verb label: LIST and WATCH for collection reads, APPLY for server-side apply. */
function verbOf(req: IncomingMessage, target: ResourceTarget, query: URLSearchParams): string {
  const method = req.method ?? 'GET';
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (target.watchPrefix) return 'WATCH';
      if (target.name !== undefined) return 'GET';
      return queryBool(query, 'watch') ? 'WATCH' : 'LIST';
    case 'PATCH':
      return (req.headers['content-type'] ?? '').startsWith('application/apply-patch') ? 'APPLY' : 'PATCH';
    case 'DELETE':
      return target.name === undefined ? 'DELETECOLLECTION' : 'DELETE';
    default:
      return method;
  }
}

function resourceLabels(req: IncomingMessage, target: ResourceTarget, query: URLSearchParams): RequestLabels {
  return {
    verb: verbOf(req, target, query),
    dry_run: query.getAll('dryRun').join(','),
    group: target.group,
    version: target.version,
    resource: target.resource,
    subresource: target.subresource ?? '',
    scope: target.name !== undefined ? 'resource' : target.namespace !== undefined ? 'namespace' : 'cluster',
    component: 'apiserver',
  };
}

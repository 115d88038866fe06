// GET /api/v1/namespaces/{ns}/pods/{name}/log: what the kubelet serves on a cluster, read from the
// files the embedded hub's Job runner writes (src/util/pod-logs.ts holds the convention), so that
// `kubectl logs` and controllers that read pod logs work unchanged.
import { promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, invalid, methodNotAllowed, type FieldError } from '../errors.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { ApiObject } from '../../api/meta.js';
import { parseLogText, podLogFile, type LogEntry } from '../../util/pod-logs.js';
import type { HandlerDeps } from './resource-handler.js';

interface LogOptions {
  container?: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceMs?: number;
}

interface ContainerSpec {
  name?: string;
}

const FOLLOW_POLL_MS = 250;

export function isPodLogRequest(target: { group: string; resource: string; subresource?: string }): boolean {
  return target.group === '' && target.resource === 'pods' && target.subresource === 'log';
}

export async function servePodLog(
  deps: HandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  target: { version: string; namespace?: string; name?: string },
  q: URLSearchParams,
): Promise<void> {
  if ((req.method ?? 'GET') !== 'GET') throw methodNotAllowed();
  const rt = deps.ctx.registry.lookup('', 'pods') as ResourceType;
  if (target.namespace === undefined || target.name === undefined) throw badRequest('a pod log is read from a named pod in a namespace');
  const pod = deps.rest.get(rt, target.version, target.namespace, target.name);
  const opts = parseOptions(q, target.name, deps.ctx.clock.now());
  const container = chooseContainer(pod, opts.container);
  if (opts.previous) throw badRequest(`previous terminated container "${container}" in pod "${target.name}" not found`);
  const file = deps.podLogDir ? podLogFile(deps.podLogDir, target.namespace, target.name, container) : undefined;
  const text = file ? await readIfPresent(file) : undefined;
  if (text === undefined) {
    const waiting = waitingReason(pod, container);
    if (waiting !== undefined) throw badRequest(`container "${container}" in pod "${target.name}" is waiting to start: ${waiting}`);
  }
  const entries = selectEntries(parseLogText(text ?? ''), opts);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/plain');
  let budget = opts.limitBytes ?? Infinity;
  budget -= writeEntries(res, entries, opts, budget);
  if (!opts.follow || file === undefined || budget <= 0) {
    res.end();
    return;
  }
  await follow(deps, rt, { namespace: target.namespace, name: target.name, file }, parseLogText(text ?? ''), opts, budget, req, res);
}

function parseOptions(q: URLSearchParams, pod: string, now: number): LogOptions {
  const errs: FieldError[] = [];
  const int = (name: string, min: number): number | undefined => {
    const raw = q.get(name);
    if (raw === null || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw badRequest(`${name}: invalid value "${raw}": must be an integer`);
    if (n < min) errs.push({ type: 'Invalid', field: name, value: n, detail: `must be greater than or equal to ${min}` });
    return n;
  };
  const bool = (name: string): boolean => ['true', '1'].includes(q.get(name) ?? '');
  const tailLines = int('tailLines', 0);
  const limitBytes = int('limitBytes', 1);
  const sinceSeconds = int('sinceSeconds', 1);
  const sinceTime = q.get('sinceTime') ?? undefined;
  if (sinceSeconds !== undefined && sinceTime !== undefined) errs.push({ type: 'Forbidden', field: '', detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified' });
  let sinceMs = sinceSeconds !== undefined ? now - sinceSeconds * 1000 : undefined;
  if (sinceTime !== undefined) {
    sinceMs = Date.parse(sinceTime);
    if (Number.isNaN(sinceMs)) throw badRequest(`sinceTime: invalid value "${sinceTime}": must be an RFC 3339 time`);
  }
  if (errs.length > 0) throw invalid('PodLogOptions', '', pod, errs);
  return {
    container: q.get('container') || undefined,
    follow: bool('follow'),
    previous: bool('previous'),
    timestamps: bool('timestamps'),
    tailLines,
    limitBytes,
    sinceMs,
  };
}

function chooseContainer(pod: ApiObject, requested: string | undefined): string {
  const spec = (pod.spec ?? {}) as { containers?: ContainerSpec[]; initContainers?: ContainerSpec[] };
  const names = (spec.containers ?? []).map((c) => c.name ?? '');
  const all = [...names, ...(spec.initContainers ?? []).map((c) => c.name ?? '')];
  const podName = pod.metadata.name ?? '';
  if (requested !== undefined) {
    if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${podName}`);
    return requested;
  }
  if (names.length === 1) return names[0];
  throw badRequest(`a container name must be specified for pod ${podName}, choose one of: [${all.join(' ')}]`);
}

/** Why a container has no log yet, as the kubelet words it; undefined once it has started. */
function waitingReason(pod: ApiObject, container: string): string | undefined {
  const status = (pod.status ?? {}) as { containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[] };
  const cs = status.containerStatuses?.find((s) => s.name === container);
  if (!cs) return 'ContainerCreating';
  if (cs.state?.waiting) return cs.state.waiting.reason || 'ContainerCreating';
  return undefined;
}

function selectEntries(entries: LogEntry[], opts: LogOptions): LogEntry[] {
  let selected = opts.sinceMs === undefined ? entries : entries.filter((e) => Date.parse(e.time) >= (opts.sinceMs as number));
  if (opts.tailLines !== undefined) selected = tailOf(selected, opts.tailLines);
  return selected;
}

/** The last n lines; a line split into pieces (P … F) counts once. */
function tailOf(entries: LogEntry[], n: number): LogEntry[] {
  if (n === 0) return [];
  let lines = 0;
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].full) {
      lines += 1;
      if (lines > n) return entries.slice(i + 1);
    }
  }
  return entries;
}

function render(entry: LogEntry, opts: LogOptions, startsLine: boolean): string {
  return `${opts.timestamps && startsLine ? `${entry.time} ` : ''}${entry.content}${entry.full ? '\n' : ''}`;
}

/** Writes entries up to `budget` bytes; returns the bytes written. */
function writeEntries(res: ServerResponse, entries: LogEntry[], opts: LogOptions, budget: number, previousFull = true): number {
  let written = 0;
  let startsLine = previousFull;
  for (const entry of entries) {
    let chunk = Buffer.from(render(entry, opts, startsLine));
    startsLine = entry.full;
    if (written + chunk.length > budget) chunk = chunk.subarray(0, budget - written);
    if (chunk.length > 0) res.write(chunk);
    written += chunk.length;
    if (written >= budget) break;
  }
  return written;
}

/** Streams new lines until the container has finished and its log is drained, or the client leaves. */
async function follow(
  deps: HandlerDeps,
  rt: ResourceType,
  at: { namespace: string; name: string; file: string },
  sent: LogEntry[],
  opts: LogOptions,
  budget: number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let closed = false;
  req.once('close', () => (closed = true));
  // Entries are appended in time order, and a file cut to its tail only loses old ones: what is
  // new is what comes after the last time sent, beyond the entries of that same time already sent.
  const last = sent.at(-1);
  let lastTime = last ? Date.parse(last.time) : -Infinity;
  let sentAtLastTime = sent.filter((e) => Date.parse(e.time) === lastTime).length;
  let lineOpen = last !== undefined && !last.full;
  for (;;) {
    const done = finished(deps, rt, at.namespace, at.name);
    const fresh: LogEntry[] = [];
    let sameTime = 0;
    for (const entry of parseLogText((await readIfPresent(at.file)) ?? '')) {
      const t = Date.parse(entry.time);
      if (t < lastTime || (t === lastTime && ++sameTime <= sentAtLastTime)) continue;
      fresh.push(entry);
    }
    if (fresh.length > 0) {
      budget -= writeEntries(res, fresh, opts, budget, !lineOpen);
      const newest = fresh[fresh.length - 1];
      const newestTime = Date.parse(newest.time);
      sentAtLastTime = (newestTime === lastTime ? sentAtLastTime : 0) + fresh.filter((e) => Date.parse(e.time) === newestTime).length;
      lastTime = newestTime;
      lineOpen = !newest.full;
    }
    if (closed || done || budget <= 0) break;
    await new Promise((r) => setTimeout(r, FOLLOW_POLL_MS));
  }
  res.end();
}

function finished(deps: HandlerDeps, rt: ResourceType, namespace: string, name: string): boolean {
  const pod = deps.rest.tryGet(rt, namespace, name);
  const phase = (pod?.status as { phase?: string } | undefined)?.phase;
  return !pod || phase === 'Succeeded' || phase === 'Failed';
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ApiError(500, 'InternalError', `cannot read the container log: ${(err as Error).message}`);
  }
}

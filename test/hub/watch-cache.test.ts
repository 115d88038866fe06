// Issue 9, deliverable 5: every watch is served from the shared watch cache. Generated histories
// (fast-check, fixed seed) with watchers resuming from random points while writes go on, against a
// hub whose cache is a few pages small, so resumption crosses the window's edge, reads the log and
// races live changes. Each watcher must see exactly what the change log says it should: the same
// events, in order, none twice, none missing, selectors and namespaces applied.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import fc from 'fast-check';
import { rawClient, startHub, waitFor, type RawClient, type TestHub } from '../support/index.js';

const SEED = 20_261_202;
const NAMESPACES = ['wa', 'wb'];
const NAMES = ['c0', 'c1', 'c2', 'c3'];

type Op = { kind: 'put'; ns: string; name: string; team: string; pad: number } | { kind: 'delete'; ns: string; name: string };
interface WatcherSpec {
  /** Where in the history it resumes: the resourceVersion after this many of the first ops. */
  at: number;
  namespace?: string;
  team?: string;
  /** A watch of one object (fieldSelector metadata.name=). */
  name?: string;
}
type Event = [type: string, name: string, rv: number];

let env: TestHub;
let api: RawClient;
let configmaps: string;

before(async () => {
  env = await startHub({ bookmarkIntervalMs: 100, watchCache: { pageSize: 8, maxChanges: 24, maxBytes: 64 * 1024 } });
  api = rawClient(env.kubeconfigPath);
  for (const ns of NAMESPACES) {
    assert.equal((await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } })).status, 201);
  }
  configmaps = env.hub.ctx.registry.lookup('', 'configmaps')?.storageKey ?? '';
});

after(async () => {
  await env?.teardown();
});

async function apply(op: Op): Promise<void> {
  const path = `/api/v1/namespaces/${op.ns}/configmaps`;
  if (op.kind === 'delete') {
    await api.request('DELETE', `${path}/${op.name}`);
    return;
  }
  const body = { metadata: { name: op.name, labels: { team: op.team } }, data: { pad: 'x'.repeat(op.pad) } };
  const r = await api.request('PATCH', `${path}/${op.name}?fieldManager=t`, { body: JSON.stringify(body), contentType: 'application/apply-patch+yaml' });
  assert.ok(r.status === 200 || r.status === 201, r.text);
}

async function currentRv(): Promise<number> {
  return env.hub.ctx.store.currentRv();
}

/** What the change log says a watcher from `from` must see up to `to` (kube-api spec §2.10). */
function expected(from: number, to: number, spec: WatcherSpec): Event[] {
  const store = env.hub.ctx.store;
  const matches = (json: string): boolean =>
    spec.team === undefined || (JSON.parse(json) as { metadata: { labels?: Record<string, string> } }).metadata.labels?.team === spec.team;
  const out: Event[] = [];
  for (const [rv, key, ns, name, type, json] of store.changeRows(from, to)) {
    if (key !== configmaps || (spec.namespace !== undefined && ns !== spec.namespace) || (spec.name !== undefined && name !== spec.name)) continue;
    const now = matches(json);
    if (type !== 'MODIFIED') {
      if (now) out.push([type, name, rv]);
      continue;
    }
    const was = matches(store.previousJsonOf(rv) ?? '{}');
    if (now && was) out.push(['MODIFIED', name, rv]);
    else if (now) out.push(['ADDED', name, rv]);
    else if (was) out.push(['DELETED', name, rv]);
  }
  return out;
}

function watchPath(from: number, spec: WatcherSpec): string {
  const base = spec.namespace ? `/api/v1/namespaces/${spec.namespace}/configmaps` : '/api/v1/configmaps';
  const labels = spec.team ? `&labelSelector=team%3D${spec.team}` : '';
  const fields = spec.name ? `&fieldSelector=metadata.name%3D${spec.name}` : '';
  return `${base}?watch=1&allowWatchBookmarks=true&resourceVersion=${from}${labels}${fields}`;
}

const ops = fc.array(
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('put' as const),
        ns: fc.constantFrom(...NAMESPACES),
        name: fc.constantFrom(...NAMES),
        team: fc.constantFrom('red', 'blue'),
        pad: fc.nat(600),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), ns: fc.constantFrom(...NAMESPACES), name: fc.constantFrom(...NAMES) }) },
  ),
  { minLength: 20, maxLength: 60 },
);
const watchers = fc.array(
  fc.record({
    at: fc.nat(60),
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
    team: fc.option(fc.constantFrom('red', 'blue'), { nil: undefined }),
    name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
  }),
  {
    minLength: 1,
    maxLength: 4,
  },
);

describe('watch cache', () => {
  it('resumed watchers see exactly the change log, across the window edge and concurrent writes', async () => {
    await fc.assert(
      fc.asyncProperty(ops, ops, watchers, async (history, concurrent, specs) => {
        // The history first, remembering the resourceVersion after each op.
        const marks: number[] = [await currentRv()];
        for (const op of history) {
          await apply(op);
          marks.push(await currentRv());
        }
        const started = specs.map((spec) => ({ spec, from: marks[Math.min(spec.at, marks.length - 1)] }));
        const streams = await Promise.all(started.map(({ spec, from }) => api.watch(watchPath(from, spec))));
        // More writes while the watchers catch up, two at a time.
        for (let i = 0; i < concurrent.length; i += 2) await Promise.all(concurrent.slice(i, i + 2).map(apply));
        const head = await currentRv();
        try {
          await waitFor(
            'every watcher to bookmark the head',
            () =>
              streams.every((s) =>
                s.events.some((e) => e.type === 'BOOKMARK' && Number((e.object.metadata as { resourceVersion: string }).resourceVersion) >= head),
              ),
            20_000,
          );
        } finally {
          streams.forEach((s) => s.stop());
        }
        started.forEach(({ spec, from }, i) => {
          const got = streams[i].events
            .filter((e) => e.type !== 'BOOKMARK')
            .map((e): Event => {
              const meta = e.object.metadata as { name: string; resourceVersion: string };
              return [e.type, meta.name, Number(meta.resourceVersion)];
            })
            .filter(([, , rv]) => rv <= head);
          assert.deepEqual(got, expected(from, head, spec), `watcher ${JSON.stringify(spec)} from ${from}`);
        });
      }),
      { seed: SEED, numRuns: 12, endOnFailure: true },
    );
    const { window, fromLog } = env.hub.ctx.changeCache.stats();
    assert.ok(window.changes <= 24 + 8, `the window stayed within its bounds (${window.changes} changes)`);
    assert.ok(fromLog.changes <= 12 + 8, `pages read back from the log stayed within theirs (${fromLog.changes} changes)`);
  });

  it('a watcher whose client stops reading falls behind, then catches up without loss or repetition', async () => {
    const from = await currentRv();
    const url = new URL(`/api/v1/namespaces/wa/configmaps?watch=1&resourceVersion=${from}`, api.url);
    const lines: string[] = [];
    let response: import('node:http').IncomingMessage | undefined;
    const req = https.get(url, { ca: api.ca, headers: { Authorization: `Bearer ${api.token}` } }, (res) => {
      response = res;
      let buf = '';
      res.pause();
      res.on('data', (c: Buffer) => {
        buf += c.toString('utf8');
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          lines.push(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      });
    });
    await waitFor('the watch to answer', () => response !== undefined, 10_000);
    // Large changes, far more than the socket buffers hold.
    for (let i = 0; i < 150; i++) await apply({ kind: 'put', ns: 'wa', name: `slow-${i % 5}`, team: 'red', pad: 20_000 });
    const head = await currentRv();
    response?.resume();
    const want = expected(from, head, { at: 0, namespace: 'wa' });
    await waitFor(`${want.length} events`, () => lines.length >= want.length, 30_000);
    req.destroy();
    const got = lines.map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string; resourceVersion: string } } });
    assert.deepEqual(
      got.map((e): Event => [e.type, e.object.metadata.name, Number(e.object.metadata.resourceVersion)]),
      want,
    );
  });

  it('a watcher that falls behind the compacted log gets 410 Gone and its stream ends', async () => {
    const from = await currentRv();
    for (let i = 0; i < 60; i++) await apply({ kind: 'put', ns: 'wb', name: 'compacted', team: 'red', pad: 10 + i });
    env.hub.ctx.store.compactTo(env.hub.ctx.store.currentRv() - 1);
    const late = await api.watch(`/api/v1/namespaces/wb/configmaps?watch=1&resourceVersion=${from}`);
    await Promise.race([late.ended, new Promise((_, reject) => setTimeout(() => reject(new Error('the stream did not end')), 10_000))]);
    assert.equal(late.events.length, 1);
    assert.equal(late.events[0].type, 'ERROR');
    assert.equal((late.events[0].object as { code?: number }).code, 410);
  });
});

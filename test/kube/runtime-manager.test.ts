import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  CONFIGMAPS,
  isNotFound,
  KubeClient,
  Manager,
  setCondition,
  type Condition,
  type KubeObject,
  type ManagerOptions,
  type ReconcileContext,
  type ReconcileRequest,
  type TypeRef,
} from '../../src/kube/index.js';
import { JumpClock, ensureNamespace, startHub, testLog, waitFor, type TestHub } from '../support/index.js';
import { type ConfigMap } from './fixtures.js';

const GIZMO: TypeRef = { apiVersion: 'test.lifeboat.io/v1', kind: 'Gizmo' };

const GIZMO_CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gizmos.test.lifeboat.io
spec:
  group: test.lifeboat.io
  scope: Namespaced
  names: { plural: gizmos, singular: gizmo, kind: Gizmo }
  versions:
    - name: v1
      served: true
      storage: true
      subresources: { status: {} }
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer }
            status:
              type: object
              properties:
                observedSize: { type: integer }
                observedGeneration: { type: integer }
                conditions:
                  type: array
                  items:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
`;

interface Gizmo extends KubeObject {
  spec?: { size?: number };
  status?: { observedSize?: number; observedGeneration?: number; conditions?: Condition[] };
}

let env: TestHub;
let client: KubeClient;
const managers: Manager[] = [];

before(async () => {
  env = await startHub();
  client = env.client;
  const applied = await env.kubectl(['apply', '-f', '-'], { input: GIZMO_CRD });
  assert.equal(applied.code, 0, applied.stderr);
  const established = await env.kubectl(['wait', '--for=condition=Established', 'crd/gizmos.test.lifeboat.io', '--timeout=30s']);
  assert.equal(established.code, 0, established.stderr);
});

after(async () => {
  await Promise.all(managers.map((m) => m.stop()));
  await env?.teardown();
});

function newManager(opts: Partial<ManagerOptions> = {}): Manager {
  const m = new Manager({ client, log: testLog(), defaultMetrics: false, shutdownTimeoutMs: 2000, abortGraceMs: 2000, ...opts });
  managers.push(m);
  return m;
}

async function createGizmo(namespace: string, name: string, size: number): Promise<Gizmo> {
  return client.create<Gizmo>(GIZMO, { apiVersion: GIZMO.apiVersion, kind: GIZMO.kind, metadata: { name, namespace }, spec: { size } });
}

async function getGizmo(namespace: string, name: string): Promise<Gizmo> {
  return client.get<Gizmo>(GIZMO, name, { namespace });
}

function resize(namespace: string, name: string, size: number): Promise<Gizmo> {
  return client.patch<Gizmo>(GIZMO, name, { spec: { size } }, { type: 'merge', namespace });
}

/** The reconciler most tests use: mirrors spec.size into status with a Ready condition. */
async function mirrorSize(req: ReconcileRequest, ctx: ReconcileContext): Promise<void> {
  const gizmo = ctx.cache.get<Gizmo>(GIZMO, req.namespace, req.name);
  if (!gizmo) return;
  const size = gizmo.spec?.size ?? 0;
  if (gizmo.status?.observedSize === size && gizmo.status.observedGeneration === gizmo.metadata?.generation) return;
  const conditions = setCondition(
    gizmo.status?.conditions,
    { type: 'Ready', status: 'True', reason: 'Mirrored', message: `size ${size}`, observedGeneration: gizmo.metadata?.generation },
    ctx.clock.now(),
  );
  await ctx.client.updateStatus<Gizmo>(
    GIZMO,
    { ...gizmo, status: { observedSize: size, observedGeneration: gizmo.metadata?.generation, conditions } },
    { signal: ctx.signal },
  );
}

test('a reconciler that writes status converges, and follows later changes', async () => {
  const ns = 'rt-converge';
  await ensureNamespace(client, ns);
  await createGizmo(ns, 'before-start', 3);
  const m = newManager();
  m.add({ name: 'mirror', for: GIZMO, namespace: ns, reconciler: { reconcile: mirrorSize } });
  await m.start();
  assert.ok(m.isReady);
  await createGizmo(ns, 'after-start', 5);
  await waitFor(
    'both gizmos mirrored',
    async () => (await getGizmo(ns, 'before-start')).status?.observedSize === 3 && (await getGizmo(ns, 'after-start')).status?.observedSize === 5,
    20_000,
  );
  await resize(ns, 'before-start', 7);
  const mirrored = await waitFor(
    'the resize mirrored',
    async () => {
      const g = await getGizmo(ns, 'before-start');
      return g.status?.observedSize === 7 && g;
    },
    20_000,
  );
  const ready = mirrored.status?.conditions?.find((c) => c.type === 'Ready');
  assert.equal(ready?.status, 'True');
  assert.equal(ready?.observedGeneration, mirrored.metadata?.generation);
  await m.stop();
});

test('the same key is never reconciled by two workers at once', async () => {
  const ns = 'rt-exclusive';
  await ensureNamespace(client, ns);
  const names = ['a', 'b', 'c', 'd'];
  for (const n of names) await createGizmo(ns, n, 0);
  const active = new Set<string>();
  let overlaps = 0;
  let maxParallel = 0;
  const seen = new Map<string, number>();
  const m = newManager();
  m.add({
    name: 'exclusive',
    for: GIZMO,
    namespace: ns,
    concurrency: 4,
    reconciler: {
      async reconcile(req, ctx) {
        if (active.has(req.name)) overlaps++;
        active.add(req.name);
        maxParallel = Math.max(maxParallel, active.size);
        try {
          // Long enough for updates of the same key to arrive while it is being processed.
          await ctx.clock.sleep(15);
          const g = ctx.cache.get<Gizmo>(GIZMO, req.namespace, req.name);
          if (g) seen.set(req.name, g.spec?.size ?? -1);
        } finally {
          active.delete(req.name);
        }
      },
    },
  });
  await m.start();
  const final = 40;
  await Promise.all(
    names.map(async (n) => {
      for (let size = 1; size <= final; size++) await resize(ns, n, size);
    }),
  );
  await waitFor('the final size of every gizmo reconciled', () => names.every((n) => seen.get(n) === final), 20_000);
  assert.equal(overlaps, 0);
  assert.ok(maxParallel > 1, `different keys should run in parallel (max ${maxParallel})`);
  await m.stop();
});

test('a failing reconcile is retried with growing delays, logged, and succeeds later', async () => {
  const ns = 'rt-retry';
  await ensureNamespace(client, ns);
  await createGizmo(ns, 'flaky', 1);
  const lines: Array<{ level: number; msg: string; controller?: string; namespace?: string; name?: string; err?: string; retryInMs?: number }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      cb();
    },
  });
  const attempts: number[] = [];
  const base = 20;
  const m = newManager({ log: pino({ level: 'info' }, sink), retry: { baseDelayMs: base, maxDelayMs: 10_000 } });
  m.add({
    name: 'flaky',
    for: GIZMO,
    namespace: ns,
    reconciler: {
      async reconcile(req, ctx) {
        attempts.push(ctx.clock.now());
        if (attempts.length <= 4) throw new Error(`storage unreachable (attempt ${attempts.length})`);
        await mirrorSize(req, ctx);
      },
    },
  });
  await m.start();
  await waitFor('the gizmo mirrored after the failures', async () => (await getGizmo(ns, 'flaky')).status?.observedSize === 1, 20_000);
  // Four failures, then the success (and maybe a no-op run for the status write it caused).
  assert.ok(attempts.length >= 5);
  // A delayed retry never fires early: each gap is at least base·2^i.
  for (let i = 0; i < 4; i++) {
    const gap = attempts[i + 1] - attempts[i];
    assert.ok(gap >= base * 2 ** i - 1, `retry ${i + 1} came after ${gap} ms, expected at least ${base * 2 ** i}`);
  }
  const failures = lines.filter((l) => l.level === 50 && l.msg === 'reconcile failed; will retry');
  assert.equal(failures.length, 4);
  assert.deepEqual(
    failures.map((l) => l.retryInMs),
    [base, base * 2, base * 4, base * 8],
  );
  assert.equal(failures[0].controller, 'flaky');
  assert.equal(failures[0].namespace, ns);
  assert.equal(failures[0].name, 'flaky');
  assert.match(failures[0].err ?? '', /storage unreachable/);

  // Success resets the back-off: the next failure starts from the base again.
  const before = lines.length;
  attempts.length = 0;
  await resize(ns, 'flaky', 2);
  await waitFor('the resize mirrored after a new failure', async () => (await getGizmo(ns, 'flaky')).status?.observedSize === 2, 20_000);
  assert.deepEqual(
    lines
      .slice(before)
      .filter((l) => l.msg === 'reconcile failed; will retry')
      .map((l) => l.retryInMs),
    [base, base * 2, base * 4, base * 8],
  );
  await m.stop();
});

test('requeueAfterMs runs the reconciler again without any change to the object', async () => {
  const ns = 'rt-requeue';
  await ensureNamespace(client, ns);
  await createGizmo(ns, 'periodic', 1);
  let runs = 0;
  const m = newManager();
  m.add({
    name: 'periodic',
    for: GIZMO,
    namespace: ns,
    reconciler: {
      async reconcile() {
        runs++;
        return runs < 4 ? { requeueAfterMs: 30 } : {};
      },
    },
  });
  await m.start();
  await waitFor('four runs', () => runs >= 4, 20_000);
  await m.stop();
  assert.equal(runs, 4);
});

test('a clock jump during a reconcile counts against its requeue delay', async () => {
  // A reconciler aims at a deadline measured from the time it read; the clock moving past that
  // deadline while it runs must not postpone the requeue by the jump.
  const ns = 'rt-requeue-jump';
  await ensureNamespace(client, ns);
  await createGizmo(ns, 'deadline', 1);
  const clock = new JumpClock();
  let runs = 0;
  const m = newManager({ clock });
  m.add({
    name: 'deadline',
    for: GIZMO,
    namespace: ns,
    reconciler: {
      async reconcile() {
        runs++;
        if (runs > 1) return {};
        // The test's clock moves on while this reconcile is still running.
        clock.advance(3_600_000);
        return { requeueAfterMs: 3_600_000 };
      },
    },
  });
  await m.start();
  await waitFor('the requeue at the deadline the jump already passed', () => runs >= 2, 20_000);
  await m.stop();
});

test('changes to owned objects and to watched objects enqueue the primary', async () => {
  const ns = 'rt-owns';
  await ensureNamespace(client, ns);
  const owner = await createGizmo(ns, 'owner', 1);
  const runs = new Map<string, number>();
  const m = newManager();
  m.add({
    name: 'owner-of-configmaps',
    for: GIZMO,
    namespace: ns,
    owns: [CONFIGMAPS],
    watches: [
      {
        target: CONFIGMAPS,
        namespace: ns,
        // A config map naming a gizmo in a label concerns that gizmo.
        map: (obj) => (obj.metadata?.labels?.gizmo ? [{ namespace: obj.metadata.namespace ?? '', name: obj.metadata.labels.gizmo }] : []),
      },
    ],
    reconciler: {
      async reconcile(req, ctx) {
        runs.set(req.name, (runs.get(req.name) ?? 0) + 1);
        const gizmo = ctx.cache.get<Gizmo>(GIZMO, req.namespace, req.name);
        if (!gizmo) return;
        const want = String(gizmo.spec?.size ?? 0);
        const current = ctx.cache.get<ConfigMap>(CONFIGMAPS, req.namespace, `${req.name}-config`);
        if (current?.data?.size === want) return;
        const body: ConfigMap = {
          metadata: {
            name: `${req.name}-config`,
            namespace: req.namespace,
            ...(current ? { resourceVersion: current.metadata?.resourceVersion } : {}),
          },
          data: { size: want },
        };
        (body.metadata as KubeObject['metadata'] & object).ownerReferences = [
          { apiVersion: GIZMO.apiVersion, kind: GIZMO.kind, name: req.name, uid: gizmo.metadata?.uid ?? '', controller: true },
        ];
        if (current) await ctx.client.update(CONFIGMAPS, body, { signal: ctx.signal });
        else await ctx.client.create(CONFIGMAPS, body, { signal: ctx.signal });
      },
    },
  });
  await m.start();
  const readConfig = (): Promise<ConfigMap> => client.get<ConfigMap>(CONFIGMAPS, 'owner-config', { namespace: ns });
  await waitFor('the owned config map', async () => (await readConfig()).data?.size === '1', 20_000);

  // Someone edits the owned object: the owner is reconciled and puts it back.
  const runsBefore = runs.get('owner') ?? 0;
  await client.patch(CONFIGMAPS, 'owner-config', { data: { size: 'tampered' } }, { type: 'merge', namespace: ns });
  await waitFor('the owned config map restored', async () => (await readConfig()).data?.size === '1', 20_000);
  assert.ok((runs.get('owner') ?? 0) > runsBefore);

  // A config map owned by something else (another kind) does not enqueue a gizmo of that name.
  await client.create(CONFIGMAPS, {
    metadata: { name: 'foreign', namespace: ns, ownerReferences: [{ apiVersion: 'v1', kind: 'Secret', name: 'ghost', uid: 'u-1', controller: true }] },
    data: {},
  });
  // A non-controller reference to a gizmo does not either.
  await client.create(CONFIGMAPS, {
    metadata: { name: 'weak', namespace: ns, ownerReferences: [{ apiVersion: GIZMO.apiVersion, kind: 'Gizmo', name: 'phantom', uid: 'u-2' }] },
    data: {},
  });
  // The label mapping enqueues the named gizmo.
  await client.create(CONFIGMAPS, { metadata: { name: 'pointer', namespace: ns, labels: { gizmo: 'labelled' } }, data: {} });
  await waitFor('the labelled gizmo key reconciled', () => (runs.get('labelled') ?? 0) > 0, 20_000);
  assert.equal(runs.get('ghost'), undefined);
  assert.equal(runs.get('phantom'), undefined);

  // Deleting the owned object enqueues the owner, which recreates it.
  await client.delete(CONFIGMAPS, 'owner-config', { namespace: ns });
  await waitFor(
    'the owned config map recreated',
    async () => {
      try {
        return (await readConfig()).metadata?.uid !== undefined;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
    20_000,
  );
  assert.equal(owner.metadata?.name, 'owner');
  await m.stop();
});

test('stop() drains workers and aborts reconciles that outlive the deadline', async () => {
  const ns = 'rt-stop';
  await ensureNamespace(client, ns);
  await createGizmo(ns, 'slow', 1);
  let started = 0;
  let sawAbort = false;
  let finished = 0;
  const m = newManager({ shutdownTimeoutMs: 100, abortGraceMs: 5000 });
  m.add({
    name: 'slow',
    for: GIZMO,
    namespace: ns,
    reconciler: {
      async reconcile(_req, ctx) {
        started++;
        // Work that only ends when cancelled.
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        sawAbort = ctx.signal.aborted;
        finished++;
        throw new Error('cancelled');
      },
    },
  });
  await m.start();
  await waitFor('the slow reconcile running', () => started === 1, 20_000);
  await m.stop();
  assert.equal(sawAbort, true);
  assert.equal(finished, 1);
  assert.equal(m.isReady, false);
  // Nothing runs after stop(), even for new changes: by the time a successor has seen the change,
  // the stopped manager would have too.
  await resize(ns, 'slow', 2);
  const successor = newManager();
  let successorSaw = 0;
  successor.add({
    name: 'successor',
    for: GIZMO,
    namespace: ns,
    reconciler: {
      async reconcile(req, ctx) {
        successorSaw = ctx.cache.get<Gizmo>(GIZMO, req.namespace, req.name)?.spec?.size ?? 0;
      },
    },
  });
  await successor.start();
  await waitFor('the successor reconciled the change', () => successorSaw === 2, 20_000);
  await successor.stop();
  assert.equal(started, 1);
});

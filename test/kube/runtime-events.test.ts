import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  CONFIGMAPS,
  EVENTS_V1,
  KubeClient,
  KubeEventRecorder,
  Manager,
  NAMESPACES,
  type EventV1,
  type KubeObject,
  type TypeRef,
} from '../../src/kube/index.js';
import { ensureNamespace, startHub, TestClock, waitFor, type TestHub } from '../support/index.js';

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
          x-kubernetes-preserve-unknown-fields: true
`;

let env: TestHub;
let client: KubeClient;

before(async () => {
  env = await startHub();
  client = env.client;
  assert.equal((await env.kubectl(['apply', '-f', '-'], { input: GIZMO_CRD })).code, 0);
  assert.equal((await env.kubectl(['wait', '--for=condition=Established', 'crd/gizmos.test.lifeboat.io', '--timeout=30s'])).code, 0);
});

after(async () => {
  await env?.teardown();
});

async function eventsAbout(namespace: string, name: string): Promise<EventV1[]> {
  const list = await client.list<EventV1>(EVENTS_V1, { namespace });
  return list.items.filter((e) => e.regarding?.name === name);
}

test('reconciler events show in kubectl describe, and repeats become one event with a series', async () => {
  const ns = 'ev-describe';
  await ensureNamespace(client, ns);
  const gizmo = await client.create<KubeObject>(GIZMO, {
    apiVersion: GIZMO.apiVersion,
    kind: GIZMO.kind,
    metadata: { name: 'shiny', namespace: ns },
    spec: { size: 3 },
  } as KubeObject);
  let runs = 0;
  const m = new Manager({ client, log: pino({ level: 'silent' }), defaultMetrics: false, identity: 'test-instance' });
  m.add({
    name: 'eventful',
    for: GIZMO,
    namespace: ns,
    reconciler: {
      async reconcile(req, ctx) {
        runs++;
        const g = ctx.cache.get(GIZMO, req.namespace, req.name);
        if (!g) return;
        ctx.events.event(g, 'Normal', 'Mirrored', 'size 3 mirrored to status');
        if (runs === 3) ctx.events.event(g, 'Warning', 'StorageUnreachable', 'bucket lifeboat-backups did not answer');
        return runs < 3 ? { requeueAfterMs: 10 } : {};
      },
    },
  });
  await m.start();
  try {
    await waitFor(
      'a series of three and a warning',
      async () => {
        const events = await eventsAbout(ns, 'shiny');
        return events.length === 2 && events.some((e) => e.series?.count === 3);
      },
      20_000,
    );
  } finally {
    await m.stop();
  }
  const events = await eventsAbout(ns, 'shiny');
  const mirrored = events.find((e) => e.reason === 'Mirrored');
  assert.ok(mirrored);
  assert.match(mirrored.metadata?.name ?? '', /^shiny\.[0-9a-f]+$/);
  assert.equal(mirrored.metadata?.namespace, ns);
  assert.equal(mirrored.type, 'Normal');
  assert.equal(mirrored.note, 'size 3 mirrored to status');
  assert.equal(mirrored.action, 'Mirrored');
  assert.equal(mirrored.reportingController, 'lifeboat.io/eventful');
  assert.equal(mirrored.reportingInstance, 'test-instance');
  assert.match(mirrored.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  assert.deepEqual(mirrored.regarding, { apiVersion: GIZMO.apiVersion, kind: 'Gizmo', name: 'shiny', namespace: ns, uid: gizmo.metadata?.uid });
  assert.match(mirrored.series?.lastObservedTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

  const described = await env.kubectl(['describe', 'gizmo', 'shiny', '-n', ns]);
  assert.equal(described.code, 0, described.stderr);
  const eventSection = described.stdout.slice(described.stdout.indexOf('Events:'));
  assert.match(eventSection, /Normal\s+Mirrored\s+.*\(x3 over .*\)\s+lifeboat\.io\/eventful\s+size 3 mirrored to status/);
  assert.match(eventSection, /Warning\s+StorageUnreachable\s+.*lifeboat\.io\/eventful\s+bucket lifeboat-backups did not answer/);
});

test('a repeat after the series window starts a new event; cluster-scoped objects report into default', async () => {
  const ns = 'ev-window';
  await ensureNamespace(client, ns);
  const clock = new TestClock('2030-01-01T00:00:00Z');
  const recorder = new KubeEventRecorder({ client, controller: 'windowed', reportingInstance: 'r1', clock, reportingController: 'lifeboat.io/custom' });
  const cmObj = await client.create<KubeObject>(CONFIGMAPS, { metadata: { name: 'settings', namespace: ns } });
  recorder.event(cmObj, 'Normal', 'Checked', 'all good', 'Check');
  recorder.event(cmObj, 'Normal', 'Checked', 'all good', 'Check');
  clock.advance(11 * 60_000);
  recorder.event(cmObj, 'Normal', 'Checked', 'all good', 'Check');
  await recorder.flush();
  const events = await eventsAbout(ns, 'settings');
  assert.equal(events.length, 2);
  const counts = events.map((e) => e.series?.count ?? 1).sort();
  assert.deepEqual(counts, [1, 2]);
  for (const e of events) {
    assert.equal(e.action, 'Check');
    assert.equal(e.reportingController, 'lifeboat.io/custom');
  }

  const namespaceObj = await client.get<KubeObject>(NAMESPACES, ns);
  recorder.event(namespaceObj, 'Normal', 'Noticed', 'a cluster-scoped object');
  await recorder.flush();
  const inDefault = await eventsAbout('default', ns);
  assert.equal(inDefault.length, 1);
  assert.equal(inDefault[0].regarding.kind, 'Namespace');
  assert.equal(inDefault[0].regarding.namespace, undefined);
});

test('a failing event write is logged and never thrown', async () => {
  const lines: Array<{ msg: string; err?: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      cb();
    },
  });
  const recorder = new KubeEventRecorder({ client, controller: 'broken', reportingInstance: 'r1', log: pino({ level: 'info' }, sink) });
  // No such namespace: the API refuses the event.
  const orphan: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ghost', namespace: 'no-such-namespace', uid: 'u-1' } };
  assert.doesNotThrow(() => recorder.event(orphan, 'Warning', 'Lost', 'nobody will read this'));
  assert.doesNotThrow(() => recorder.event({ metadata: {} }, 'Normal', 'Nameless', 'no name'));
  await recorder.flush();
  assert.ok(
    lines.some((l) => l.msg === 'could not record event' && /no-such-namespace|not found/i.test(l.err ?? '')),
    JSON.stringify(lines),
  );
  assert.ok(lines.some((l) => l.msg === 'event not recorded: the object has no name'));
});

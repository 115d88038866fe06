// Issue 13: a generated bad-input suite over the hub's HTTP surface (fast-check, fixed seed,
// bounded run count). Requests are built byte by byte — methods, paths with dot segments and bad
// escapes, absolute-form targets, option parameters with wrong values, content types and accept
// headers, Content-Length lies and chunked framing, bodies in JSON, YAML and protobuf that are
// deep, wrong, huge or malformed — and sent over TLS to a hub running as its own process.
//
// Whatever comes in: no 5xx (a 504 only for a body that was announced and never sent), the hub
// keeps serving and its memory stays bounded, nothing is written outside its data directory, and
// no body text (each body carries a marker) and no error line appears in its log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import fc from 'fast-check';
import { rawClient, startHubProcess, type HubProcess, type RawClient } from '../support/index.js';
import { KUBE_PROTOBUF_MAGIC } from '../../src/hub/codec/protobuf.js';
import { OPEN_WIDGET_CRD } from './fixtures.js';

const SEED = 13_2026;
const RUNS = 220;
const MARK = 'LBMARK';
const MAX_RSS_MIB = 768;

let sandbox: string;
let dataDir: string;
let hub: HubProcess;
let api: RawClient;
let logFile: string;

interface Fuzzed {
  method: string;
  target: string;
  headers: [string, string][];
  body: Buffer;
  framing: 'exact' | 'longer' | 'shorter' | 'chunked' | 'bad-chunk' | 'both' | 'none';
  anonymous: boolean;
}

// ---------------------------------------------------------------------------------------------
// generators

const segment = fc.constantFrom(
  'fz',
  'default',
  'c0',
  '%2e%2e',
  '%2E%2e',
  '..',
  '.',
  '%2e',
  '%ZZ',
  '%ff',
  '%E0%A4%A',
  '%00',
  '',
  'a%2fb',
  'a%25b',
  'x'.repeat(300),
  '%F0%9F%98%80',
  '~x',
  'status',
  'finalize',
  'watch',
);
const resource = fc.constantFrom('configmaps', 'secrets', 'namespaces', 'serviceaccounts', 'events', 'widgets', 'leases', 'nothere');
const prefix = fc.constantFrom('/api/v1', '/apis/example.com/v1', '/apis/coordination.k8s.io/v1', '/apis/events.k8s.io/v1', '/apis/nope/v9', '/api/v1/watch');

const resourcePath = fc
  .tuple(prefix, fc.boolean(), segment, resource, fc.option(segment, { nil: undefined }), fc.option(segment, { nil: undefined }))
  .map(
    ([p, namespaced, ns, res, name, sub]) =>
      `${p}${namespaced ? `/namespaces/${ns}` : ''}/${res}${name !== undefined ? `/${name}` : ''}${name !== undefined && sub !== undefined ? `/${sub}` : ''}`,
  );

const otherPath = fc.constantFrom(
  '/version',
  '/healthz',
  '/readyz/x',
  '/openapi/v3',
  '/openapi/v3/apis/example.com/v1',
  '/openapi/v2',
  '/api',
  '/apis',
  '/apis/example.com',
  '*',
  'https://[::1/api/v1/namespaces',
  'https://127.0.0.1:99999/api/v1/namespaces/fz/configmaps',
  'http:opaque',
  '//api/v1/namespaces',
  '/api/v1/namespaces//configmaps',
);

const queryKey = fc.constantFrom(
  'watch',
  'limit',
  'timeoutSeconds',
  'resourceVersion',
  'resourceVersionMatch',
  'labelSelector',
  'fieldSelector',
  'dryRun',
  'fieldManager',
  'fieldValidation',
  'force',
  'propagationPolicy',
  'orphanDependents',
  'gracePeriodSeconds',
  'continue',
  'includeObject',
  'sendInitialEvents',
  'allowWatchBookmarks',
  'export',
  'pretty',
  'x;y',
  'unknownParam',
);
const queryValue = fc.constantFrom(
  'True',
  '0',
  '',
  '1',
  '1e20',
  '-1',
  '99999999999999999999',
  'bogus',
  'All',
  'Strict',
  '%ZZ',
  'a+in+(b',
  'x%3Dy',
  'NotOlderThan',
  'Exact',
  'Orphan',
  'None',
  'Object',
  '1s',
  'z'.repeat(200),
);
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const mark = fc.stringMatching(/^[a-z0-9]{6}$/).map((s) => `${MARK}${s}`);

function nested(depth: number, leaf: string): string {
  return `${'{"a":'.repeat(depth)}"${leaf}"${'}'.repeat(depth)}`;
}

const jsonBody = fc.tuple(mark, fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('c0', 'c1', 'fz-obj'), fc.boolean()).map(([m, extra, name, typed]) =>
  JSON.stringify({
    apiVersion: typed ? 'v1' : 5,
    kind: typed ? 'ConfigMap' : ['x'],
    metadata: typed ? { name, labels: { team: 'red' } } : { name: extra, labels: 'x' },
    data: { k: m, extra: typeof extra === 'string' ? extra : JSON.stringify(extra) },
    spec: { extra, note: m },
  }),
);

const bodies = fc.oneof(
  { weight: 4, arbitrary: jsonBody },
  { weight: 2, arbitrary: fc.tuple(mark, fc.json({ maxDepth: 5 })).map(([m, j]) => `{"x":${j},"m":"${m}"}`) },
  { weight: 1, arbitrary: fc.tuple(mark, fc.constantFrom(900, 1001, 3000, 20_000)).map(([m, d]) => nested(d, m)) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        mark,
        fc.constantFrom(
          (m: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fz-yaml\ndata:\n  password: !vault ${m}\n`,
          (m: string) => `a: &x [${m}]\nb: *x\nc: *nope\n`,
          (m: string) => `metadata:\n  name: [${m}\n  bad: indent\n`,
          (m: string) => `${'- '.repeat(1200)}${m}\n`,
          (m: string) => `x: ${'{b: '.repeat(3000)}${m}${'}'.repeat(3000)}\n`,
          (m: string) => `a: &a ["${m}","${m}"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c]\ne: [*d,*d,*d,*d]\n`,
          (m: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fz-yaml}\ndata: {a: ${m}, a: ${m}}\n`,
          (m: string) => `dryRun: All\nx: ${m}\n`,
          (m: string) => `--- ${m}\n--- ${m}\n`,
          (m: string) => `x: !!binary ${Buffer.from(m).toString('base64')}\ny: 2001-12-14\n`,
        ),
      )
      .map(([m, f]) => f(m)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(mark, fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'), fc.constantFrom('/data/k', '/metadata', '', '/x/-', '~2'))
      .map(([m, op, p]) => JSON.stringify([{ op, path: p, from: p, value: m }])),
  },
  { weight: 1, arbitrary: fc.constantFrom('', 'null', '[]', '"x"', '{', '{"dryRun":"All"}', '{"preconditions":"x"}', '{"kind":"Foo"}') },
);

const protobufBody = fc
  .tuple(mark, fc.uint8Array({ maxLength: 200 }))
  .map(([m, bytes]) => Buffer.concat([KUBE_PROTOBUF_MAGIC, Buffer.from(bytes), Buffer.from(m)]));

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'text/plain',
  ';;;',
  '',
);
const accept = fc.constantFrom(
  'application/json',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/vnd.kubernetes.protobuf,application/json',
  '*/*',
  'text/html',
  'application/json;as=Table;v=v9;g=x',
  '',
);

const request: fc.Arbitrary<Fuzzed> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'PROPFIND'),
    path: fc.oneof({ weight: 5, arbitrary: resourcePath }, { weight: 1, arbitrary: otherPath }),
    query,
    contentType: fc.option(contentType, { nil: undefined }),
    accept: fc.option(accept, { nil: undefined }),
    body: fc.oneof({ weight: 6, arbitrary: bodies.map((b) => Buffer.from(b)) }, { weight: 1, arbitrary: protobufBody }),
    framing: fc.constantFrom('exact', 'exact', 'exact', 'exact', 'longer', 'shorter', 'chunked', 'bad-chunk', 'both', 'none'),
    anonymous: fc.boolean().map((b) => b && Math.random() < 2),
  })
  .map((r) => {
    // A body announced longer than sent is only answered by the request deadline: keep it short.
    const q = [r.query, r.framing === 'longer' ? 'timeout=1s' : ''].filter(Boolean).join('&');
    const headers: [string, string][] = [];
    if (r.contentType !== undefined) headers.push(['Content-Type', r.contentType]);
    if (r.accept !== undefined) headers.push(['Accept', r.accept]);
    return { method: r.method, target: q ? `${r.path}?${q}` : r.path, headers, body: r.body, framing: r.framing, anonymous: r.anonymous };
  });

// ---------------------------------------------------------------------------------------------
// sending

function frame(req: Fuzzed): Buffer {
  const { host } = new URL(api.url);
  const lines = [`${req.method} ${req.target} HTTP/1.1`, `Host: ${host}`, 'Connection: close', ...req.headers.map(([k, v]) => `${k}: ${v}`)];
  if (!req.anonymous) lines.push(`Authorization: Bearer ${api.token}`);
  let payload = req.body;
  switch (req.framing) {
    case 'exact':
      lines.push(`Content-Length: ${payload.length}`);
      break;
    case 'longer':
      lines.push(`Content-Length: ${payload.length + 100}`);
      break;
    case 'shorter':
      lines.push(`Content-Length: ${Math.floor(payload.length / 2)}`);
      break;
    case 'chunked':
      lines.push('Transfer-Encoding: chunked');
      payload = Buffer.concat([Buffer.from(`${payload.length.toString(16)}\r\n`), payload, Buffer.from('\r\n0\r\n\r\n')]);
      break;
    case 'bad-chunk':
      lines.push('Transfer-Encoding: chunked');
      payload = Buffer.concat([Buffer.from('zz\r\n'), payload]);
      break;
    case 'both':
      lines.push(`Content-Length: ${payload.length}`, 'Transfer-Encoding: chunked');
      break;
    case 'none':
      payload = Buffer.alloc(0);
      break;
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** The status of the answer (0: the connection closed without one); a streamed answer is cut after its head. */
function send(bytes: Buffer): Promise<number> {
  const { hostname, port } = new URL(api.url);
  return new Promise((resolve) => {
    let data = Buffer.alloc(0);
    let done = false;
    const socket = tls.connect({ host: hostname, port: Number(port), ca: api.ca, servername: 'localhost' });
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data.toString('latin1'));
      resolve(m ? Number(m[1]) : 0);
    };
    const timer = setTimeout(finish, 5000);
    socket.on('secureConnect', () => socket.write(bytes));
    socket.on('data', (c: Buffer) => {
      data = Buffer.concat([data, c]);
      // The status line is all that is judged; a watch would stream on.
      if (data.includes('\r\n\r\n')) setTimeout(finish, 50);
    });
    socket.on('close', finish);
    socket.on('error', finish);
  });
}

async function rssMiB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.relative(dir, path.join(entry.parentPath, entry.name)));
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------

before(async () => {
  sandbox = await mkdtemp(path.join(tmpdir(), 'lifeboat-fuzz-'));
  dataDir = path.join(sandbox, 'data');
  logFile = path.join(sandbox, 'hub.log');
  await mkdir(path.join(sandbox, 'home'));
  await mkdir(path.join(sandbox, 'tmp'));
  // The hub process inherits these: its home and temp directories are the sandbox's, and its whole
  // log, at debug level, is appended to hub.log.
  const saved = { ...process.env };
  Object.assign(process.env, {
    HOME: path.join(sandbox, 'home'),
    TMPDIR: path.join(sandbox, 'tmp'),
    LIFEBOAT_TEST_LOG_LEVEL: 'debug',
    LIFEBOAT_TEST_HUB_LOG: logFile,
  });
  try {
    hub = await startHubProcess(dataDir);
  } finally {
    for (const k of ['HOME', 'TMPDIR', 'LIFEBOAT_TEST_LOG_LEVEL', 'LIFEBOAT_TEST_HUB_LOG']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
  api = rawClient(hub.kubeconfigPath);
  for (const ns of ['fz']) await api.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  await api.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { body: OPEN_WIDGET_CRD });
});

after(async () => {
  await hub?.stop();
  if (sandbox) await rm(sandbox, { recursive: true, force: true });
});

describe('generated bad input over HTTPS', () => {
  it(`${RUNS} generated requests: no 5xx, no crash, bounded memory, nothing outside the data directory, no body text in the log`, async () => {
    const pid = hub.child.pid as number;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        const status = await send(frame(req));
        sent++;
        const stalled = req.framing === 'longer';
        const brokenFraming = req.framing === 'bad-chunk' || req.framing === 'both' || req.framing === 'shorter';
        if (!brokenFraming) assert.notEqual(status, 0, 'an answer');
        assert.ok(status < 500 || (stalled && status === 504), `status ${status}`);
        if (sent % 20 === 0) {
          assert.equal(hub.child.exitCode, null, 'the hub is running');
          assert.equal((await api.request('GET', '/readyz')).status, 200);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    assert.equal(hub.child.exitCode, null, 'the hub is running');
    assert.equal((await api.request('GET', '/readyz')).status, 200);
    const peak = await rssMiB(pid, 'VmHWM');
    assert.ok(peak < MAX_RSS_MIB, `peak RSS ${peak} MiB`);

    assert.deepEqual(await filesUnder(path.join(sandbox, 'home')), [], 'nothing in HOME');
    // tsx, which runs the hub from source when it is not built, keeps its compile cache there.
    assert.deepEqual(
      (await filesUnder(path.join(sandbox, 'tmp'))).filter((f) => !f.startsWith('tsx-')),
      [],
      'nothing in TMPDIR',
    );
    const outside = (await readdir(sandbox)).filter((n) => !['data', 'home', 'tmp', 'hub.log'].includes(n));
    assert.deepEqual(outside, []);
    const dataFiles = (await filesUnder(dataDir)).filter((f) => !/^(hub\.db(-wal|-shm)?|kubeconfig|admin\.token|pki\/.*|[a-z-]+\.(crt|key|pem))$/.test(f));
    assert.deepEqual(dataFiles, [], 'only the hub files in the data directory');

    const log = await readFile(logFile, 'utf8');
    assert.ok(log.includes('"msg":"request"'), 'the debug log was captured');
    assert.ok(!log.includes(MARK), 'no body text in the log');
    const errors = log
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .filter((l) => l.level >= 50);
    assert.deepEqual(errors, [], 'no error lines');
    assert.ok(
      !/Warning/.test(
        log
          .split('\n')
          .filter((l) => !l.startsWith('{'))
          .join('\n'),
      ),
      'no process warnings',
    );
  });
});

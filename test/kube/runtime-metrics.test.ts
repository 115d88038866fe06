import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import pino from 'pino';
import { Gauge, Registry } from 'prom-client';
import { generate } from 'selfsigned';
import { CONFIGMAPS, KubeClient, Manager, startMetricsServer } from '../../src/kube/index.js';
import { ensureNamespace, startHub, waitFor, type TestHub } from '../support/index.js';
import { cm } from './fixtures.js';

let env: TestHub;
let client: KubeClient;

before(async () => {
  env = await startHub();
  client = env.client;
});

after(async () => {
  await env?.teardown();
});

interface Reply {
  status: number;
  body: string;
  contentType?: string;
}

function get(url: string, ca: string, token?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: token ? { authorization: `Bearer ${token}` } : {}, agent: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, contentType: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The value of one sample line, e.g. `lifeboat_reconcile_total{controller="x",result="error"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('/metrics over HTTPS needs the bearer token and shows the reconcile counters', async () => {
  const ns = 'metrics';
  await ensureNamespace(client, ns);
  await client.create(CONFIGMAPS, cm(ns, 'ok'));
  await client.create(CONFIGMAPS, cm(ns, 'broken'));
  const token = 'scrape-token-0123456789';
  const m = new Manager({
    client,
    log: pino({ level: 'silent' }),
    retry: { baseDelayMs: 1000, maxDelayMs: 1000 },
    metricsServer: { host: '127.0.0.1', port: 0, token },
  });
  let brokenRuns = 0;
  m.add({
    name: 'counted',
    for: CONFIGMAPS,
    namespace: ns,
    reconciler: {
      async reconcile(req) {
        if (req.name === 'broken') {
          brokenRuns++;
          throw new Error('cannot reach the bucket');
        }
        return req.name === 'ok' ? { requeueAfterMs: 60_000 } : undefined;
      },
    },
  });
  const custom = new Gauge({ name: 'lifeboat_test_custom', help: 'registered by other code', registers: [m.metrics] });
  custom.set(42);
  await m.start();
  try {
    const url = m.metricsUrl ?? '';
    const ca = m.metricsCertificate ?? '';
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    await waitFor('a failure of broken', () => brokenRuns >= 1, 20_000);

    assert.equal((await get(`${url}/metrics`, ca)).status, 401);
    assert.equal((await get(`${url}/metrics`, ca, 'wrong-token')).status, 401);
    assert.equal((await get(`${url}/metrics`, ca, `${token}x`)).status, 401);
    assert.equal((await get(`${url}/healthz`, ca)).status, 200);
    assert.equal((await get(`${url}/readyz`, ca)).status, 200);
    assert.equal((await get(`${url}/nothing`, ca, token)).status, 404);

    const scraped = await waitFor(
      'the counters',
      async () => {
        const r = await get(`${url}/metrics`, ca, token);
        return r.status === 200 && (sample(r.body, 'lifeboat_reconcile_total{controller="counted",result="requeue"}') ?? 0) >= 1 && r;
      },
      20_000,
    );
    const text = scraped.body;
    assert.match(scraped.contentType ?? '', /text\/plain/);
    assert.ok((sample(text, 'lifeboat_reconcile_total{controller="counted",result="error"}') ?? 0) >= 1);
    assert.ok((sample(text, 'lifeboat_reconcile_errors_total{controller="counted"}') ?? 0) >= 1);
    assert.ok((sample(text, 'lifeboat_workqueue_retries_total{controller="counted"}') ?? 0) >= 1);
    assert.equal(sample(text, 'lifeboat_reconcile_total{controller="counted",result="success"}'), 0);
    assert.ok((sample(text, 'lifeboat_reconcile_duration_seconds_count{controller="counted"}') ?? 0) >= 2);
    assert.notEqual(sample(text, 'lifeboat_workqueue_depth{controller="counted"}'), undefined);
    assert.equal(sample(text, 'lifeboat_test_custom'), 42);
    assert.match(text, /^process_cpu_user_seconds_total /m, 'Node default metrics');
    assert.match(text, /^nodejs_heap_size_used_bytes /m);
    assert.ok(!text.includes(token));
  } finally {
    await m.stop();
  }
  assert.equal(m.isReady, false);
  await assert.rejects(get(`${m.metricsUrl ?? ''}/healthz`, m.metricsCertificate ?? ''), 'the server is closed by stop()');
});

test('the metrics server uses a caller-given certificate and needs a token', async () => {
  const pems = await generate([{ name: 'commonName', value: 'metrics.test' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  await assert.rejects(startMetricsServer({ port: 0, token: '', registry: new Registry() }), /token/);
  let ready = false;
  const server = await startMetricsServer({ port: 0, token: 't', tls: { key: pems.private, cert: pems.cert }, registry: new Registry(), ready: () => ready });
  try {
    assert.equal(server.cert, pems.cert);
    assert.equal((await get(`${server.url}/readyz`, pems.cert)).status, 503);
    ready = true;
    assert.equal((await get(`${server.url}/readyz`, pems.cert)).status, 200);
    assert.equal((await get(`${server.url}/metrics`, pems.cert, 't')).status, 200);
  } finally {
    await server.close();
  }
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIGMAPS, KubeClient, LEASE_RESOURCE, Manager, type Lease } from '../../src/kube/index.js';
import { ensureNamespace, kubeConfigVia, startHub, TcpProxy, testLog, waitFor, type TestHub } from '../support/index.js';
import { cm } from './fixtures.js';

const FAST = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 200 };

let env: TestHub;
let admin: KubeClient;
const cleanups: Array<() => Promise<void> | void> = [];

before(async () => {
  env = await startHub();
  admin = env.client;
});

after(async () => {
  for (const c of cleanups.reverse()) await c();
  await env?.teardown();
});

/** Records who reconciled what, and whether two managers were ever reconciling at the same moment. */
function tracker() {
  const byIdentity = new Map<string, string[]>();
  const inFlight = new Set<string>();
  let overlaps = 0;
  return {
    byIdentity,
    overlaps: () => overlaps,
    seen: (identity: string, name: string) => (byIdentity.get(identity) ?? []).includes(name),
    manager(identity: string, client: KubeClient, ns: string, lease: string): Manager {
      const m = new Manager({
        client,
        identity,
        log: testLog(),
        defaultMetrics: false,
        leaderElection: { namespace: ns, name: lease, ...FAST },
      });
      m.add({
        name: 'elected',
        for: CONFIGMAPS,
        namespace: ns,
        reconciler: {
          async reconcile(req, ctx) {
            for (const other of inFlight) if (other !== identity) overlaps++;
            inFlight.add(identity);
            try {
              await ctx.clock.sleep(5, ctx.signal);
              byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), req.name]);
            } finally {
              inFlight.delete(identity);
            }
          },
        },
      });
      cleanups.push(() => m.stop());
      return m;
    },
  };
}

test('of two managers on one lease only the leader reconciles; the other takes over after it stops', async () => {
  const ns = 'leader-handover';
  await ensureNamespace(admin, ns);
  await admin.create(CONFIGMAPS, cm(ns, 'first'));
  const t = tracker();
  const clients = [new KubeClient(env.kubeConfig), new KubeClient(env.kubeConfig)];
  cleanups.push(() => clients.forEach((c) => c.close()));
  const a = t.manager('replica-a', clients[0], ns, 'handover');
  const b = t.manager('replica-b', clients[1], ns, 'handover');
  await Promise.all([a.start(), b.start()]);

  const leaderId = await waitFor(
    'a leader reconciling',
    () => (t.seen('replica-a', 'first') ? 'replica-a' : t.seen('replica-b', 'first') ? 'replica-b' : false),
    20_000,
  );
  const [leader, standby] = leaderId === 'replica-a' ? [a, b] : [b, a];
  const standbyId = leaderId === 'replica-a' ? 'replica-b' : 'replica-a';
  assert.ok(leader.isLeader);
  assert.ok(!standby.isLeader);
  assert.ok(standby.isReady, 'a standby still syncs its caches');

  await admin.create(CONFIGMAPS, cm(ns, 'second'));
  await waitFor('the leader reconciling the second', () => t.seen(leaderId, 'second'), 20_000);
  // The standby has the same change in its cache, and more than a lease renewal has passed.
  await waitFor('the standby cache holding the second', () => standby.cache.get(CONFIGMAPS, ns, 'second') !== undefined, 20_000);
  assert.equal(t.byIdentity.get(standbyId), undefined, 'the standby never reconciled');

  await leader.stop();
  const lease = await admin.get<Lease>(LEASE_RESOURCE, 'handover', { namespace: ns });
  assert.notEqual(lease.spec?.holderIdentity, leaderId, 'the lease was released on stop');
  const reconciledByOldLeader = t.byIdentity.get(leaderId)?.length ?? 0;

  // The successor reconciles everything (it was never told about the earlier keys) and new changes.
  await admin.create(CONFIGMAPS, cm(ns, 'third'));
  await waitFor('the standby taking over', () => ['first', 'second', 'third'].every((n) => t.seen(standbyId, n)), 20_000);
  assert.ok(standby.isLeader);
  assert.equal(t.byIdentity.get(leaderId)?.length ?? 0, reconciledByOldLeader, 'nothing ran on the stopped manager');
  assert.equal(t.overlaps(), 0);
  await standby.stop();
});

test('a leader that cannot renew its lease stops reconciling before another takes over', async () => {
  const ns = 'leader-lost';
  await ensureNamespace(admin, ns);
  await admin.create(CONFIGMAPS, cm(ns, 'one'));
  const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(env.hub.url).port));
  cleanups.push(() => proxy.close());
  const cut = new KubeClient(kubeConfigVia(env.hub.kubeconfig(), env.hub.url, proxy.url));
  const direct = new KubeClient(env.kubeConfig);
  cleanups.push(() => {
    cut.close();
    direct.close();
  });
  const t = tracker();
  const a = t.manager('cut-off', cut, ns, 'lost');
  await a.start();
  await waitFor('the first leader reconciling', () => t.seen('cut-off', 'one'), 20_000);
  const b = t.manager('survivor', direct, ns, 'lost');
  await b.start();
  assert.ok(a.isLeader);

  // The leader loses the network: it must give up before the lease can expire for the other.
  await proxy.refuse();
  let bothLeading = false;
  await waitFor(
    'the survivor leading',
    () => {
      if (a.isLeader && b.isLeader) bothLeading = true;
      return b.isLeader;
    },
    10_000,
    5,
  );
  assert.equal(bothLeading, false);
  assert.equal(a.isLeader, false);
  await admin.create(CONFIGMAPS, cm(ns, 'two'));
  await waitFor('the survivor reconciling', () => t.seen('survivor', 'one') && t.seen('survivor', 'two'), 10_000);
  assert.ok(!t.seen('cut-off', 'two'));
  assert.equal(t.overlaps(), 0);

  // Back on the network, the old leader campaigns again but stays a standby.
  await proxy.accept();
  await b.stop();
  await waitFor('the old leader leading again', () => a.isLeader, 10_000);
  await a.stop();
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeClient, LEASE_RESOURCE, LeaderElector, microTime, type Lease, type LeaderElectionOptions } from '../../src/kube/index.js';
import { ensureNamespace, startHub, waitFor, type TestHub } from '../support/index.js';

const NS = 'election';
const FAST = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 200 };

let env: TestHub;
let clients: KubeClient[] = [];

before(async () => {
  env = await startHub();
  clients = [new KubeClient(env.kubeConfig), new KubeClient(env.kubeConfig), new KubeClient(env.kubeConfig)];
  await ensureNamespace(clients[0], NS);
});

after(async () => {
  for (const c of clients) c.close();
  await env?.teardown();
});

/** Tracks who is leading according to the leadership signal, which ends before any release. */
function candidates(lease: string, extra: Partial<LeaderElectionOptions> = {}) {
  const leading = new Set<string>();
  const history: string[] = [];
  let maxLeaders = 0;
  const make = (identity: string, client: KubeClient): LeaderElector =>
    new LeaderElector(client, {
      namespace: NS,
      name: lease,
      identity,
      ...FAST,
      ...extra,
      onStartedLeading(signal) {
        leading.add(identity);
        maxLeaders = Math.max(maxLeaders, leading.size);
        history.push(`start ${identity}`);
        signal.addEventListener('abort', () => leading.delete(identity));
      },
      onStoppedLeading() {
        history.push(`stop ${identity}`);
      },
    });
  return { leading, history, make, maxLeaders: () => maxLeaders };
}

async function readLease(name: string): Promise<Lease> {
  return clients[2].get<Lease>(LEASE_RESOURCE, name, { namespace: NS });
}

test('only one of two electors leads; the other takes over when the first stops', async () => {
  const c = candidates('handover');
  const a = c.make('a', clients[0]).start();
  const b = c.make('b', clients[1]).start();
  try {
    const first = await waitFor('a leader', () => c.leading.size === 1 && [...c.leading][0], 20_000);
    const [leader, standby] = first === 'a' ? [a, b] : [b, a];
    const second = first === 'a' ? 'b' : 'a';

    const lease = await readLease('handover');
    assert.equal(lease.spec?.holderIdentity, first);
    assert.equal(lease.spec?.leaseDurationSeconds, 2);
    assert.equal(lease.spec?.leaseTransitions, 0);
    assert.match(lease.spec?.renewTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    // Several renewals go by while the standby keeps waiting.
    let renewals = 0;
    let lastRenew = lease.spec?.renewTime;
    await waitFor(
      'three renewals',
      async () => {
        const now = (await readLease('handover')).spec?.renewTime;
        if (now !== lastRenew) renewals++;
        lastRenew = now;
        return renewals >= 3;
      },
      20_000,
    );
    assert.equal(c.maxLeaders(), 1);
    assert.ok(leader.isLeader);
    assert.ok(!standby.isLeader);
    assert.equal(standby.leader, first);

    await leader.stop();
    assert.ok(!leader.isLeader);
    await waitFor('the standby to take over', () => c.leading.has(second), 20_000);
    assert.equal(c.maxLeaders(), 1, 'never two leaders at once');
    const taken = await readLease('handover');
    assert.equal(taken.spec?.holderIdentity, second);
    assert.equal(taken.spec?.leaseTransitions, 1);
    assert.deepEqual(c.history, [`start ${first}`, `stop ${first}`, `start ${second}`]);

    await standby.stop();
    const released = await readLease('handover');
    assert.equal(released.spec?.holderIdentity, '');
    assert.equal(released.spec?.leaseDurationSeconds, 1);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('a leader that loses its lease to another writer steps down within the renew deadline', async () => {
  const c = candidates('stolen');
  const a = c.make('a', clients[0]);
  const run = a.run();
  try {
    await waitFor('a to lead', () => c.leading.has('a'), 20_000);
    // The leader renews concurrently, so the steal may meet a 409: re-read and try again, as any writer would.
    await waitFor(
      'the intruder to take the lease',
      async () => {
        const lease = await readLease('stolen');
        const now = Date.now();
        try {
          await clients[2].update<Lease>(LEASE_RESOURCE, {
            ...lease,
            spec: { ...lease.spec, holderIdentity: 'intruder', leaseDurationSeconds: 60, acquireTime: microTime(now), renewTime: microTime(now) },
          });
          return true;
        } catch (err) {
          if ((err as { code?: number }).code === 409) return false;
          throw err;
        }
      },
      20_000,
    );
    await run; // run() returns once leadership has ended
    assert.ok(!c.leading.has('a'));
    assert.deepEqual(c.history, ['start a', 'stop a']);
    // It must not have released a lease it no longer holds.
    assert.equal((await readLease('stolen')).spec?.holderIdentity, 'intruder');
  } finally {
    await a.stop();
  }
});

test('without a release, the successor waits for the lease to expire', async () => {
  const c = candidates('expiry', { releaseOnStop: false });
  const a = c.make('a', clients[0]).start();
  await waitFor('a to lead', () => c.leading.has('a'), 20_000);
  const b = c.make('b', clients[1]).start();
  try {
    await a.stop();
    assert.equal((await readLease('expiry')).spec?.holderIdentity, 'a', 'the lease is left as it was');
    await waitFor('b to take over an expired lease', () => c.leading.has('b'), 10_000);
    const lease = await readLease('expiry');
    assert.equal(lease.spec?.holderIdentity, 'b');
    assert.equal(lease.spec?.leaseTransitions, 1);
  } finally {
    await b.stop();
  }
});

test('timings that cannot work are refused', () => {
  const base = { namespace: NS, name: 'x', identity: 'i', onStartedLeading: () => undefined };
  assert.throws(() => new LeaderElector(clients[0], { ...base, leaseDurationMs: 1000, renewDeadlineMs: 1000 }), /leaseDurationMs/);
  assert.throws(() => new LeaderElector(clients[0], { ...base, renewDeadlineMs: 2000, retryPeriodMs: 2000 }), /renewDeadlineMs/);
  assert.throws(() => new LeaderElector(clients[0], { ...base, identity: '' }), /identity/);
});

// What the hub acknowledged survives kill -9; SIGTERM shuts it down cleanly.
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { rawClient, startHubProcess, tempDir, waitFor, type HubProcess } from '../support/index.js';

describe('durability', () => {
  const dirs: string[] = [];
  const procs: HubProcess[] = [];
  after(async () => {
    for (const p of procs) await p.stop('SIGKILL');
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('every acknowledged write is there after kill -9 and restart', async () => {
    const dataDir = await tempDir('durable');
    dirs.push(dataDir);
    const hub = await startHubProcess(dataDir);
    procs.push(hub);
    const api = rawClient(hub.kubeconfigPath);
    const acknowledged = new Set<string>();
    let attempted = 0;
    let killed = false;
    const writer = async (id: number) => {
      for (let i = 0; !killed; i++) {
        const name = `w${id}-${i}`;
        attempted += 1;
        try {
          const r = await api.request('POST', '/api/v1/namespaces/default/configmaps', {
            body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { payload: 'x'.repeat(512) } },
          });
          if (r.status === 201) acknowledged.add(name);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, id) => writer(id));
    await waitFor('800 acknowledged writes', () => acknowledged.size >= 800, 60_000);
    hub.child.kill('SIGKILL');
    killed = true;
    await Promise.all(writers);
    await hub.stop('SIGKILL');
    const restarted = await startHubProcess(dataDir);
    procs.push(restarted);
    const api2 = rawClient(restarted.kubeconfigPath);
    const list = await api2.request('GET', '/api/v1/namespaces/default/configmaps');
    const present = new Set(list.json<{ items: { metadata: { name: string } }[] }>().items.map((i) => i.metadata.name));
    const missing = [...acknowledged].filter((n) => !present.has(n));
    assert.deepEqual(missing, [], `${missing.length} of ${acknowledged.size} acknowledged writes lost (attempted ${attempted})`);
    assert.ok(present.size >= acknowledged.size);
    await restarted.stop();
  });

  it('SIGTERM exits 0 with the database closed; the restarted hub serves everything it had', async () => {
    const dataDir = await tempDir('term');
    dirs.push(dataDir);
    const hub = await startHubProcess(dataDir);
    procs.push(hub);
    const api = rawClient(hub.kubeconfigPath);
    for (let i = 0; i < 20; i++) {
      await api.request('POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `t${i}` } } });
    }
    const watch = await api.watch('/api/v1/namespaces/default/configmaps?watch=true');
    await waitFor('the watch to replay 20 objects', () => watch.events.length === 20, 10_000);
    const code = await hub.stop('SIGTERM');
    assert.equal(code, 0);
    await watch.ended;
    // A clean close checkpoints and removes the write-ahead log.
    await assert.rejects(stat(path.join(dataDir, 'hub.db-wal')));
    for (const f of ['hub.db', 'admin.token', 'kubeconfig', 'pki/ca.key', 'pki/server.key']) {
      assert.equal((await stat(path.join(dataDir, f))).mode & 0o777, 0o600, `${f} is private`);
    }
    const again = await startHubProcess(dataDir);
    procs.push(again);
    const list = await rawClient(again.kubeconfigPath).request('GET', '/api/v1/namespaces/default/configmaps');
    assert.equal(list.json<{ items: unknown[] }>().items.length, 20);
    await again.stop();
  });
});

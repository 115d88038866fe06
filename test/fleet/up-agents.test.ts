// `lifeboat up --agents N --hive-agents M` as users start it: the named clusters join the hub it
// serves (seen with the real kubectl), keep their state in <data-dir>/agents, and the flags refuse
// bad values with a message naming them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { runLifeboat, startUpProcess, tempDir, waitFor, type UpProcess } from '../support/index.js';

describe('lifeboat up --agents', { timeout: 240_000 }, () => {
  let dir: string;
  let up: UpProcess | undefined;

  before(async () => {
    dir = await tempDir('up-agents');
  });

  after(async () => {
    await up?.teardown();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts managed-1…N and hive-1…M that join the hub and show Joined and Available', async () => {
    up = await startUpProcess({ args: ['--agents', '2', '--hive-agents', '1', '--agent-lease-duration', '2s'] });
    const { kubectl } = up;
    const table = await waitFor(
      'three clusters Joined and Available',
      async () => {
        const r = await kubectl(['get', 'managedclusters', '--no-headers']);
        const rows = r.stdout.trim().split('\n').filter(Boolean);
        return rows.length === 3 && rows.every((row) => /\s+True\s+True\s+\S+$/.test(row.trim())) ? r.stdout : undefined;
      },
      120_000,
      500,
    );
    assert.deepEqual(
      table
        .trim()
        .split('\n')
        .map((row) => row.split(/\s+/)[0]),
      ['hive-1', 'managed-1', 'managed-2'],
    );
    const lease = await kubectl(['get', 'managedcluster', 'managed-1', '-o', 'jsonpath={.spec.leaseDurationSeconds}']);
    assert.equal(lease.stdout, '2');
    const deployment = await kubectl([
      'get',
      'clusterdeployment',
      '-n',
      'hive-1',
      'hive-1',
      '-o',
      'jsonpath={.spec.clusterMetadata.adminKubeconfigSecretRef.name}',
    ]);
    assert.equal(deployment.stdout, 'hive-1-admin-kubeconfig');
    const addon = await kubectl(['get', 'clustermanagementaddon', 'managed-serviceaccount', '-o', 'name']);
    assert.equal(addon.code, 0, addon.stderr);

    const agents = path.join(up.dataDir, 'agents');
    assert.deepEqual((await readdir(agents)).filter((n) => !n.startsWith('.')).sort(), ['hive-1', 'managed-1', 'managed-2']);
    for (const file of ['hub.db', 'admin.token', 'kubeconfig']) assert.equal((await stat(path.join(agents, 'managed-1', file))).mode & 0o777, 0o600, file);
  });

  it('refuses bad flag values with a message naming the flag', async () => {
    const negative = await runLifeboat(['up', '--data-dir', path.join(dir, 'bad'), '--agents', '-1']);
    assert.equal(negative.code, 1);
    assert.match(negative.stderr, /--agents must be an integer from 0 to 10000, got "-1"/);
    const noCrds = await runLifeboat(['up', '--data-dir', path.join(dir, 'bad'), '--port', '0', '--agents', '1', '--no-ocm-crds']);
    assert.equal(noCrds.code, 1);
    assert.match(noCrds.stderr, /--agents and --hive-agents need the OCM CRDs: drop --no-ocm-crds/);
    const lease = await runLifeboat(['up', '--data-dir', path.join(dir, 'bad'), '--agent-lease-duration', 'soon']);
    assert.equal(lease.code, 1);
    assert.match(lease.stderr, /--agent-lease-duration must be a duration such as 30s, 5m or 1h, got "soon"/);
  });
});

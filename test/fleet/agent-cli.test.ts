// `lifeboat agent` as its own process against a hub running the fleet stand-ins: the clusters it
// simulates join and stay Available, a restart without --hub-kubeconfig keeps them attached, and
// bad input is refused with a message naming the flag.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { runLifeboat, startAgentProcess, tempDir, type AgentProcess } from '../support/index.js';
import { leaseRenewed, startFleetHub, waitForCondition, type FleetHubEnv } from './harness.js';

describe('lifeboat agent', { timeout: 300_000 }, () => {
  let hub: FleetHubEnv;
  let dataDir: string;
  let agent: AgentProcess | undefined;

  before(async () => {
    hub = await startFleetHub();
    dataDir = await tempDir('agents');
  });

  after(async () => {
    await agent?.stop();
    await hub?.teardown();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('simulates an imported and a hive-created cluster that join the hub and stay Available', async () => {
    agent = await startAgentProcess([
      '--hub-kubeconfig',
      hub.env.kubeconfigPath,
      '--cluster',
      'edge-1',
      '--hive-cluster',
      'pool-1',
      '--lease-duration',
      '1s',
      '--data-dir',
      dataDir,
    ]);
    for (const name of ['edge-1', 'pool-1']) {
      await waitForCondition(hub.client, name, 'ManagedClusterConditionAvailable', 'True', 'joined from lifeboat agent', 60_000);
      await leaseRenewed(hub.client, name);
    }
    const mode = (await stat(path.join(dataDir, 'edge-1', 'hub.db'))).mode & 0o777;
    assert.equal(mode, 0o600, 'the cluster state (its Secrets) is private');
  });

  it('after a restart without --hub-kubeconfig the clusters are still attached to the hub', async () => {
    await agent?.stop();
    agent = await startAgentProcess(['--cluster', 'edge-1', '--hive-cluster', 'pool-1', '--data-dir', dataDir]);
    assert.match(agent.stdout, new RegExp(`cluster: edge-1 https://127\\.0\\.0\\.1:\\d+ hub: ${hub.env.hub.url.replace(/\./g, '\\.')}`));
    await leaseRenewed(hub.client, 'edge-1');
    await leaseRenewed(hub.client, 'pool-1');
  });

  it('refuses bad input with a message naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['--data-dir', dataDir], /name at least one cluster: --cluster <name> or --hive-cluster <name>/],
      [['--cluster', 'Not_A_Name'], /--cluster must be a lower-case DNS label .* got "Not_A_Name"/],
      [['--cluster', 'new-1', '--data-dir', dataDir], /--hub-kubeconfig is required to set up a new cluster/],
      [['--cluster', 'a', '--cluster', 'a', '--data-dir', dataDir], /cluster "a" is named twice/],
      [['--hub-kubeconfig', path.join(dataDir, 'missing'), '--cluster', 'x'], /--hub-kubeconfig ".*missing": no such file/],
    ];
    for (const [args, message] of cases) {
      const r = await runLifeboat(['agent', ...args]);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });
});

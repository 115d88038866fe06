import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { KubeClient } from '../../kube/index.js';
import { parseKubeconfig } from '../../local/fleet/kubeconfig.js';
import { collectClusterName, leaseDurationOption, leaseSeconds } from '../fleet-options.js';
import { onShutdownSignals } from '../signals.js';
import { SimulatedFleet } from '../simulated-fleet.js';

interface AgentFlags {
  hubKubeconfig?: string;
  cluster?: string[];
  hiveCluster?: string[];
  dataDir: string;
  leaseDuration: number;
}

export function registerAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('Simulate managed clusters: each gets its own API and a klusterlet that keeps its ManagedCluster available on the hub it is attached to')
    .option('--hub-kubeconfig <file>', "the hub a new cluster joins first (its bootstrap kubeconfig; also used to create the cluster's ManagedCluster)")
    .option('--cluster <name>', 'an imported managed cluster (repeatable)', collectClusterName('--cluster'))
    .option(
      '--hive-cluster <name>',
      'a hive-created managed cluster: ClusterDeployment with an admin kubeconfig on the hub (repeatable)',
      collectClusterName('--hive-cluster'),
    )
    .option('--data-dir <dir>', 'where the clusters keep their state (<dir>/<name>/)', '.lifeboat-agents')
    .addOption(leaseDurationOption('--lease-duration'))
    .addHelpText(
      'after',
      '\nA cluster set up once keeps its bootstrap kubeconfig: after an import from another hub replaced it,\na restart stays with that hub and --hub-kubeconfig is not used for it again.',
    )
    .action(async (flags: AgentFlags) => {
      await runAgent(flags);
    });
}

async function runAgent(flags: AgentFlags): Promise<void> {
  const clusters = [...(flags.cluster ?? []).map((name) => ({ name, hive: false })), ...(flags.hiveCluster ?? []).map((name) => ({ name, hive: true }))];
  if (clusters.length === 0) throw new Error('name at least one cluster: --cluster <name> or --hive-cluster <name>');
  const duplicate = clusters.find((c, i) => clusters.findIndex((d) => d.name === c.name) !== i);
  if (duplicate) throw new Error(`cluster "${duplicate.name}" is named twice`);
  const log = pino({ level: process.env.LIFEBOAT_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const hubText = flags.hubKubeconfig ? await readHubKubeconfig(flags.hubKubeconfig) : undefined;
  const hubClient = hubText ? new KubeClient(parseKubeconfig(hubText, `--hub-kubeconfig "${flags.hubKubeconfig}"`)) : undefined;
  // A cluster already set up never needs the hub kubeconfig (its first hub may be gone).
  const needHub = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('--hub-kubeconfig is required to set up a new cluster');
    return value;
  };
  const fleet = await SimulatedFleet.start({
    agentsDir: path.resolve(flags.dataDir),
    clusters,
    hub: () => needHub(hubClient),
    bootstrapKubeconfig: () => Promise.resolve(needHub(hubText)),
    leaseDurationSeconds: leaseSeconds(flags.leaseDuration),
    log,
  });
  onShutdownSignals(log, async () => {
    await fleet.stop();
    hubClient?.close();
  });
  const lines = [...fleet.clusters.values()].map((c) => `cluster: ${c.api.name} ${c.api.url} hub: ${c.klusterlet.hubServer ?? 'none'}`);
  process.stdout.write(`ready: ${clusters.length} simulated managed clusters in ${path.resolve(flags.dataDir)}\n${lines.join('\n')}\n`);
}

async function readHubKubeconfig(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`--hub-kubeconfig "${file}": ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}

import type { Command } from 'commander';
import type { KubeConfig } from '@kubernetes/client-node';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/core/index.js';
import { KubeApiError, KubeClient, PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, isNotFound } from '../../kube/index.js';
import { volumeDirectory } from '../../local/volumes/layout.js';
import { diskUsage } from '../../local/volumes/tree.js';
import { formatBytes } from '../../util/quantity.js';
import { contextNamespace, loadHubKubeConfig, type HubLocation } from '../hub-kubeconfig.js';

interface HubFlags {
  kubeconfig?: string;
  dataDir: string;
}

interface LsFlags extends HubFlags {
  namespace?: string;
  allNamespaces: boolean;
}

/** Exit codes of `volumes path`, for scripts that wait for a claim. */
const EXIT_MISSING = 1;
const EXIT_USAGE = 2;
const EXIT_NOT_BOUND = 3;

const HUB_HELP = `
The hub is found through --kubeconfig, then $KUBECONFIG, then <data-dir>/kubeconfig (the one
\`lifeboat up\` writes).`;

export function registerVolumesCommands(program: Command): void {
  const volumes = program
    .command('volumes')
    .description("The embedded hub's volumes: the directories that hold PersistentVolumeClaims' files")
    .addHelpText('after', `\nThere are no pods to exec into on the embedded hub: read and write a claim's files in its directory.${HUB_HELP}`);

  const hubOptions = (cmd: Command): Command =>
    cmd
      .option('--kubeconfig <file>', 'kubeconfig of the hub (default: $KUBECONFIG, else <data-dir>/kubeconfig)')
      .option('--data-dir <dir>', 'the data directory of `lifeboat up`, whose kubeconfig is used when no other is given', '.lifeboat');

  hubOptions(volumes.command('ls'))
    .description('List PersistentVolumeClaims with their volume, capacity, disk usage and directory')
    .option('-n, --namespace <ns>', "only this namespace (default: the kubeconfig context's, else default)")
    .option('-A, --all-namespaces', 'claims of every namespace', false)
    .addHelpText(
      'after',
      `
Columns: NAMESPACE, PVC, PV (empty while the claim is unbound), CAPACITY, USED (bytes the directory
occupies on disk; - when it is not on this machine), PATH.
${HUB_HELP}

Example:
  lifeboat volumes ls -A`,
    )
    .action(async (flags: LsFlags) => {
      process.exitCode = await listVolumes(flags);
    });

  hubOptions(volumes.command('path'))
    .argument('<namespace/pvc>', 'the claim, as namespace/name (or name, in -n or the context namespace)')
    .option('-n, --namespace <ns>', 'namespace of a claim given without one')
    .description("Print the directory holding a bound claim's files (and nothing else)")
    .addHelpText(
      'after',
      `
Exit status: 0 with the directory on stdout; 1 when the claim or its volume does not exist;
3 when the claim is not bound yet; 2 when the command line is wrong or the hub cannot be reached.
${HUB_HELP}

Example:
  cp -a ./site/. "$(lifeboat volumes path default/www)/"`,
    )
    .action(async (claim: string, flags: HubFlags & { namespace?: string }) => {
      process.exitCode = await printVolumePath(claim, flags);
    });
}

async function listVolumes(flags: LsFlags): Promise<number> {
  const connected = connect('ls', flags);
  if (typeof connected === 'number') return connected;
  const { client, kubeConfig } = connected;
  const namespace = flags.allNamespaces ? undefined : (flags.namespace ?? contextNamespace(kubeConfig));
  try {
    const claims = (await client.list<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, { namespace })).items;
    if (claims.length === 0) {
      process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
      return 0;
    }
    const volumes = new Map((await client.list<PersistentVolume>(PERSISTENT_VOLUMES)).items.map((pv) => [pv.metadata.name, pv]));
    const rows = [['NAMESPACE', 'PVC', 'PV', 'CAPACITY', 'USED', 'PATH']];
    claims.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    for (const pvc of claims) {
      const pv = pvc.spec?.volumeName ? volumes.get(pvc.spec.volumeName) : undefined;
      const dir = pv ? volumeDirectory(pv) : undefined;
      const used = dir ? await diskUsage(dir) : undefined;
      rows.push([
        pvc.metadata.namespace ?? '',
        pvc.metadata.name ?? '',
        pvc.spec?.volumeName ?? '',
        String(pvc.status?.capacity?.storage ?? ''),
        used === undefined ? '-' : formatBytes(used),
        dir ?? '',
      ]);
    }
    process.stdout.write(table(rows));
    return 0;
  } catch (err) {
    return apiError('ls', err, kubeConfig);
  } finally {
    client.close();
  }
}

async function printVolumePath(claim: string, flags: HubFlags & { namespace?: string }): Promise<number> {
  const parts = claim.split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) return fail('path', `the claim must be given as namespace/name, got "${claim}"`, EXIT_USAGE);
  const connected = connect('path', flags);
  if (typeof connected === 'number') return connected;
  const { client, kubeConfig } = connected;
  const [namespace, name] = parts.length === 2 ? parts : [flags.namespace ?? contextNamespace(kubeConfig), parts[0]];
  try {
    let pvc: PersistentVolumeClaim;
    try {
      pvc = await client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, name, { namespace });
    } catch (err) {
      if (isNotFound(err)) return fail('path', `persistentvolumeclaim "${name}" not found in namespace "${namespace}"`, EXIT_MISSING);
      throw err;
    }
    const volumeName = pvc.spec?.volumeName;
    if (!volumeName || pvc.status?.phase !== 'Bound') {
      return fail('path', `persistentvolumeclaim ${namespace}/${name} is not bound to a volume yet (phase ${pvc.status?.phase ?? 'Pending'})`, EXIT_NOT_BOUND);
    }
    let pv: PersistentVolume;
    try {
      pv = await client.get<PersistentVolume>(PERSISTENT_VOLUMES, volumeName);
    } catch (err) {
      if (isNotFound(err)) return fail('path', `the volume ${volumeName} of persistentvolumeclaim ${namespace}/${name} does not exist`, EXIT_MISSING);
      throw err;
    }
    const dir = volumeDirectory(pv);
    if (!dir) return fail('path', `the volume ${volumeName} of persistentvolumeclaim ${namespace}/${name} is not a directory on this machine`, EXIT_MISSING);
    process.stdout.write(`${dir}\n`);
    return 0;
  } catch (err) {
    return apiError('path', err, kubeConfig);
  } finally {
    client.close();
  }
}

function connect(command: string, where: HubLocation): { client: KubeClient; kubeConfig: KubeConfig } | number {
  try {
    const kubeConfig = loadHubKubeConfig(where);
    return { client: new KubeClient(kubeConfig, { timeoutMs: 15_000 }), kubeConfig };
  } catch (err) {
    return fail(command, (err as Error).message, EXIT_USAGE);
  }
}

function apiError(command: string, err: unknown, kubeConfig: KubeConfig): number {
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  if (err instanceof KubeApiError && err.code === 401) return fail(command, `the API server ${server} rejected the kubeconfig's credentials`, EXIT_USAGE);
  return fail(command, `cannot query the API server ${server}: ${(err as Error).message}`, EXIT_USAGE);
}

function fail(command: string, message: string, code: number): number {
  process.stderr.write(`lifeboat volumes ${command}: ${message}\n`);
  return code;
}

/** Columns separated by three spaces, as kubectl prints them. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('   ').trimEnd()).join('\n') + '\n';
}

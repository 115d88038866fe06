// `lifeboat restore preview -f restore.yaml`: what a Restore would create, update and delete on the
// connected hub, computed by the controller's own decisions and the engine's plan mode, without
// changing anything.
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import pino from 'pino';
import YAML from 'yaml';
import { ACM_RESTORES, BACKUP_API_VERSION, DEFAULT_BACKUP_NAMESPACE, type AcmRestore } from '../../api/backup/index.js';
import { BACKUP_STORAGE_LOCATIONS, type BackupStorageLocation } from '../../api/velero/index.js';
import { KubeApiError, KubeClient } from '../../kube/index.js';
import { previewRestore, type PlannedObject, type PreviewObject, type RestorePlanner, type RestorePreview } from '../../backup/restore/preview/index.js';
import { openObjectStore, type OpenedObjectStore } from '../../local/velero/object-store/index.js';
import { planRestore } from '../../local/velero/restore/index.js';
import { loadHubKubeConfig } from '../hub-kubeconfig.js';

interface PreviewFlags {
  filename: string;
  output: 'table' | 'json' | 'yaml';
  kubeconfig?: string;
  dataDir?: string;
  namespace?: string;
}

const EXIT_REJECTED = 1;
const EXIT_USAGE = 2;
const REQUIRED = ['veleroManagedClustersBackupName', 'veleroCredentialsBackupName', 'veleroResourcesBackupName', 'cleanupBeforeRestore'] as const;

export function registerRestoreCommands(program: Command): void {
  const restore = program.command('restore').description('Work with hub Restores (cluster.open-cluster-management.io/v1beta1)');
  restore
    .command('preview')
    .description('List what a Restore would create, update and delete on the connected hub (cleanup included), without changing anything')
    .requiredOption('-f, --filename <file>', 'the Restore manifest (YAML or JSON)')
    .addOption(
      new Option('-o, --output <format>', 'table (grouped by action), json or yaml: {create, update, delete}')
        .choices(['table', 'json', 'yaml'])
        .default('table'),
    )
    .option('--kubeconfig <file>', 'kubeconfig of the hub')
    .option('--data-dir <dir>', 'the data directory of a `lifeboat up` hub (uses its kubeconfig)')
    .option('-n, --namespace <ns>', `namespace when the manifest names none (default ${DEFAULT_BACKUP_NAMESPACE})`)
    .addHelpText(
      'after',
      `
The Restore is previewed as a new one: its first pass (for a passive-sync Restore, the first sync
cycle). Objects it would only relabel are not listed. The operator's own objects (velero Restores,
the activation record) and the auto-import after activation are not listed either.

Exit status: 0 with the preview; 1 when the Restore would restore nothing because it would fail
(the phase and message it would show are printed); 2 on usage or connection errors.

Example:
  lifeboat restore preview -f restore-acm.yaml --data-dir .lifeboat -o json`,
    )
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE))
    .action(async (flags: PreviewFlags) => {
      process.exitCode = await runPreview(flags);
    });
}

function usageError(message: string): number {
  process.stderr.write(`lifeboat restore preview: ${message}\n`);
  return EXIT_USAGE;
}

async function readRestore(file: string, namespace: string | undefined): Promise<AcmRestore | string> {
  let docs: unknown[];
  try {
    docs = YAML.parseAllDocuments(await readFile(file, 'utf8')).map((d) => d.toJS());
  } catch (err) {
    return `cannot read ${file}: ${(err as Error).message.split('\n')[0]}`;
  }
  const restore = docs.find((d): d is AcmRestore => typeof d === 'object' && d !== null && (d as { kind?: unknown }).kind === ACM_RESTORES.kind);
  if (!restore) return `${file} holds no Restore (kind: Restore, apiVersion: ${BACKUP_API_VERSION})`;
  if (restore.apiVersion !== BACKUP_API_VERSION) return `${file}: apiVersion ${JSON.stringify(restore.apiVersion)} is not ${BACKUP_API_VERSION}`;
  if (!restore.metadata?.name) return `${file}: the Restore has no metadata.name`;
  const missing = REQUIRED.filter((field) => typeof restore.spec?.[field] !== 'string');
  if (missing.length > 0) return `${file}: spec.${missing[0]} is required (a string)`;
  restore.metadata.namespace ??= namespace ?? DEFAULT_BACKUP_NAMESPACE;
  return restore;
}

/** The engine's plan mode over each backup's storage location. */
function enginePlanner(client: KubeClient, log: pino.Logger): { planner: RestorePlanner; close(): void } {
  const stores = new Map<string, Promise<OpenedObjectStore>>();
  const storeFor = (namespace: string, location: string): Promise<OpenedObjectStore> => {
    const key = `${namespace}/${location}`;
    let store = stores.get(key);
    if (!store) {
      store = client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, location, { namespace }).then((bsl) => openObjectStore(bsl, client));
      stores.set(key, store);
    }
    return store;
  };
  return {
    planner: async (restore, backup): Promise<PlannedObject[]> => {
      const location = backup.spec?.storageLocation ?? '';
      if (!location) throw new Error(`backup ${backup.metadata.name ?? ''} names no storage location`);
      const store = await storeFor(backup.metadata.namespace ?? '', location);
      return planRestore({ client, restore, store, log });
    },
    close() {
      for (const s of stores.values()) s.then((store) => store.close()).catch(() => undefined);
    },
  };
}

async function runPreview(flags: PreviewFlags): Promise<number> {
  const restore = await readRestore(flags.filename, flags.namespace);
  if (typeof restore === 'string') return usageError(restore);
  let loaded;
  try {
    loaded = loadHubKubeConfig(flags);
  } catch (err) {
    return usageError((err as Error).message);
  }
  const server = loaded.getCurrentCluster()?.server ?? '';
  const log = pino({ level: process.env.LIFEBOAT_LOG_LEVEL ?? 'error' }, pino.destination(2));
  const client = new KubeClient(loaded, { timeoutMs: 60_000 });
  const engine = enginePlanner(client, log);
  try {
    const outcome = await previewRestore(client, restore, engine.planner, { log });
    if (outcome.kind === 'rejected') {
      process.stderr.write(`Restore ${restore.metadata.name} would end ${outcome.phase}: ${outcome.message}\n`);
      return EXIT_REJECTED;
    }
    for (const note of outcome.notes) process.stderr.write(`note: ${note}\n`);
    process.stdout.write(render(outcome.preview, flags.output));
    return 0;
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 401) return usageError(`the API server ${server} rejected the kubeconfig's credentials`);
    return usageError(`cannot preview against ${server}: ${(err as Error).message}`);
  } finally {
    engine.close();
    client.close();
  }
}

function render(preview: RestorePreview, output: PreviewFlags['output']): string {
  if (output === 'json') return `${JSON.stringify(preview, null, 2)}\n`;
  if (output === 'yaml') return YAML.stringify(preview);
  const sections: string[] = [];
  for (const action of ['create', 'update', 'delete'] as const) {
    const objects = preview[action];
    sections.push(`${action.toUpperCase()} (${objects.length})`);
    if (objects.length > 0) sections.push(table(objects, action === 'update'));
  }
  return `${sections.join('\n')}\n`;
}

function table(objects: readonly PreviewObject[], withChanges: boolean): string {
  const header = ['APIVERSION', 'KIND', 'NAMESPACE', 'NAME', ...(withChanges ? ['CHANGED'] : [])];
  const rows = objects.map((o) => [o.apiVersion, o.kind, o.namespace ?? '', o.name, ...(withChanges ? [(o.changedPaths ?? []).join(',')] : [])]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

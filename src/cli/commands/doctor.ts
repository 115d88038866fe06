import { Option, type Command } from 'commander';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, KubeClient } from '../../kube/index.js';
import { CHECKS, doctorPassed, runDoctor, type CheckResult } from '../../backup/doctor/index.js';
import { DEFAULT_BACKUP_NAMESPACE } from '../../api/backup/index.js';

interface DoctorFlags {
  kubeconfig?: string;
  backupNamespace: string;
  output: 'text' | 'json';
}

/** Exit codes: scripts and CI tell "the hub is unhealthy" apart from "doctor could not look". */
const EXIT_UNHEALTHY = 1;
const EXIT_USAGE = 2;

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description("Check a hub's backup and restore setup the way ACM's backup-restore-enabled policy does, and say what to fix")
    .option('--kubeconfig <file>', 'kubeconfig of the hub (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account)')
    .option('--backup-namespace <ns>', 'namespace of the BackupSchedule, Velero and the storage locations', DEFAULT_BACKUP_NAMESPACE)
    .addOption(
      new Option('--output <format>', 'text: a table; json: {passed, backupNamespace, checks[]} for scripts').choices(['text', 'json']).default('text'),
    )
    .addHelpText(
      'after',
      `
Checks (the templates of the backup-restore-enabled policy):
${CHECKS.map((c) => `  ${c.id.padEnd(48)} ${c.title}`).join('\n')}

Each check passes, fails with the reason, or does not apply (an optional API the hub does not
serve, or a part the embedded Lifeboat hub runs in-process instead of as a Pod).

Exit status: 0 when every applicable check passes, 1 when one fails, 2 when the command line is
wrong or the API server cannot be reached.

Example:
  lifeboat doctor --kubeconfig .lifeboat/kubeconfig --output json`,
    )
    // Usage errors exit 2, not commander's 1, which here means "a check failed".
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE))
    .action(async (flags: DoctorFlags) => {
      process.exitCode = await runDoctorCommand(flags);
    });
}

async function runDoctorCommand(flags: DoctorFlags): Promise<number> {
  const kubeConfig = new KubeConfig();
  try {
    if (flags.kubeconfig) kubeConfig.loadFromFile(flags.kubeconfig);
    else kubeConfig.loadFromDefault();
  } catch (err) {
    // Only the first line: YAML parse errors go on to quote the file, which holds credentials.
    return usageError(`cannot read kubeconfig ${flags.kubeconfig ?? '(default)'}: ${(err as Error).message.split('\n')[0]}`);
  }
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) return usageError('the kubeconfig names no current cluster: pass --kubeconfig or set KUBECONFIG');
  const client = new KubeClient(kubeConfig, { timeoutMs: 15_000 });
  let results: CheckResult[];
  try {
    results = await runDoctor(client, { backupNamespace: flags.backupNamespace });
  } catch (err) {
    if (err instanceof KubeApiError && err.code === 401) return usageError(`the API server ${server} rejected the kubeconfig's credentials (${err.message})`);
    const hint = flags.kubeconfig || process.env.KUBECONFIG ? '' : ' (no --kubeconfig given and KUBECONFIG is not set)';
    return usageError(`cannot query the API server ${server}: ${(err as Error).message}${hint}`);
  } finally {
    client.close();
  }
  const passed = doctorPassed(results);
  process.stdout.write(
    flags.output === 'json' ? `${JSON.stringify({ passed, backupNamespace: flags.backupNamespace, checks: results }, null, 2)}\n` : renderTable(results),
  );
  return passed ? 0 : EXIT_UNHEALTHY;
}

function usageError(message: string): number {
  process.stderr.write(`lifeboat doctor: ${message}\n`);
  return EXIT_USAGE;
}

const STATUS_TEXT: Record<CheckResult['status'], string> = { pass: 'PASS', fail: 'FAIL', 'not-applicable': 'N/A' };

function renderTable(results: readonly CheckResult[]): string {
  const idWidth = Math.max('CHECK'.length, ...results.map((r) => r.id.length));
  const statusWidth = Math.max(...Object.values(STATUS_TEXT).map((s) => s.length), 'STATUS'.length);
  const row = (id: string, status: string, reason: string) => `${id.padEnd(idWidth)}  ${status.padEnd(statusWidth)}  ${reason}`;
  const lines = [row('CHECK', 'STATUS', 'REASON'), ...results.map((r) => row(r.id, STATUS_TEXT[r.status], r.reason))];
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  lines.push('', `${count('pass')} passed, ${count('fail')} failed, ${count('not-applicable')} not applicable`);
  return `${lines.join('\n')}\n`;
}

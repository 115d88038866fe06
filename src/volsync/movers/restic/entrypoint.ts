// The restic mover (`lifeboat mover restic source|destination [operation…]`): what VolSync's
// mover-restic/entry.sh does, step for step, with the real restic binary. The printed lines are the
// ones the controller's log filter (§2.9) and its failure messages read.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { debugMoverRequested, waitForDebugging } from '../shared/debug-mover.js';
import { elapsedSeconds, mustRun, MoverExit, requireEnv, say, step } from '../shared/steps.js';
import { deleteEntriesNotIn, snapshotPaths } from './delete-extra.js';
import { isRestic017OrLater, parseResticVersion, resticCli, restoreXattrArgs, type ResticCli } from './restic-cli.js';
import { selectSnapshot, type ResticSnapshot } from './select-snapshot.js';

/** Every backup, forget and restore is recorded under this host name. */
export const RESTIC_HOST = 'volsync';
export const RESTIC_OPERATIONS = ['unlock', 'backup', 'prune', 'restore'] as const;
const MANDATORY_ENV = ['PRIVILEGED_MOVER', 'RESTIC_CACHE_DIR', 'RESTIC_PASSWORD', 'RESTIC_REPOSITORY', 'DATA_DIR'];
const CONFIG_CHECK_TIMEOUT_MS = 60_000;
const NO_REPOSITORY = /Is there a repository at the following location/;
/** restic < 0.17 reports a lock held by another process with exit code 1 and this text; later versions exit 11. */
const LOCKED = /unable to create lock in backend/;
const LOCK_FAILED = 11;

export interface ResticMoverOptions {
  direction: 'source' | 'destination';
  /** Operations in order; default `backup` for a source, `restore` for a destination. */
  operations: string[];
  version: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs the mover; resolves with the process exit code. */
export async function runResticMover(opts: ResticMoverOptions): Promise<number> {
  const operations = opts.operations.length > 0 ? opts.operations : [opts.direction === 'source' ? 'backup' : 'restore'];
  // Progress every 10 s instead of a redraw per frame in the pod log.
  const env: NodeJS.ProcessEnv = { ...(opts.env ?? process.env), RESTIC_PROGRESS_FPS: '0.1' };
  say('Starting container');
  say(`Lifeboat restic mover version: ${opts.version}`);
  say(operations.join(' '));
  try {
    if (debugMoverRequested(env)) {
      await waitForDebugging(`lifeboat mover restic ${opts.direction} ${operations.join(' ')}`, env.TMPDIR || os.tmpdir());
      return 0;
    }
    const restic = new Restic(resticCli(env), env);
    if (env.CUSTOM_CA) say('Using custom CA.');
    await restic.printVersion();
    say('Testing mandatory env variables');
    requireEnv(env, MANDATORY_ENV, (name) => `${name} must be defined`);
    const started = Date.now();
    for (const op of operations) await restic.perform(op);
    say(`Restic completed in ${elapsedSeconds(started)}s`);
    say('=== Done ===');
    return 0;
  } catch (err) {
    if (!(err instanceof MoverExit)) throw err;
    if (err.message) say(`ERROR: ${err.message}`);
    return err.code;
  }
}

class Restic {
  private readonly dataDir: string;

  constructor(
    private readonly cli: ResticCli,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.dataDir = env.DATA_DIR ?? '';
  }

  async perform(op: string): Promise<void> {
    switch (op) {
      case 'unlock':
        return this.unlock();
      case 'backup':
        if (!(await this.hasContent())) {
          say('== Directory is empty skipping backup ===');
          // As in VolSync: nothing else runs, not even a prune, and the mover succeeds.
          throw new MoverExit(0);
        }
        await this.ensureInitialized();
        await this.backup();
        return this.forget();
      case 'prune':
        say('=== Starting prune ===');
        await this.run(['prune']);
        return;
      case 'restore':
        await this.ensureInitialized();
        await this.restore();
        await mustRun('sync', ['-f', this.dataDir], { env: this.env });
        return;
      default:
        throw new MoverExit(2, `unknown operation: ${op}`);
    }
  }

  async printVersion(): Promise<void> {
    const result = await step(this.cli.command, [...this.cli.baseArgs, 'version'], { env: this.env, stdout: 'capture' });
    process.stdout.write(result.stdout);
    if (result.code !== 0) throw new MoverExit(result.code);
    this.cli.version = parseResticVersion(result.stdout);
  }

  private run(args: string[], cwd?: string): Promise<unknown> {
    return mustRun(this.cli.command, [...this.cli.baseArgs, ...args], { env: this.env, cwd });
  }

  private async hasContent(): Promise<boolean> {
    say('== Checking directory for content ===');
    let entries: string[];
    try {
      entries = await fs.readdir(this.dataDir);
    } catch (err) {
      process.stderr.write(
        `ls: cannot access '${this.dataDir}': ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (err as Error).message}\n`,
      );
      throw new MoverExit(2);
    }
    return entries.some((e) => e !== 'lost+found');
  }

  private async ensureInitialized(): Promise<void> {
    say('=== Check for dir initialized ===');
    // `--no-lock`: a lock costs restic a fixed 200 ms wait (its check for a concurrent locker) on
    // every run, and a probe killed by the timeout would leave it behind, stale. Reading the config
    // needs no lock; a lock held by another process is reported by the backup instead (below).
    const check = await step(this.cli.command, [...this.cli.baseArgs, '--no-lock', 'cat', 'config'], {
      env: this.env,
      stdout: 'ignore',
      stderr: 'capture',
      timeoutMs: CONFIG_CHECK_TIMEOUT_MS,
    });
    const fail = (message: string): never => {
      process.stdout.write(check.stderr);
      if (check.timedOut) say(`restic cat config did not answer within ${CONFIG_CHECK_TIMEOUT_MS / 1000}s`);
      throw new MoverExit(3, message);
    };
    switch (check.code) {
      case 0:
        say('dir is initialized');
        return;
      case 1:
      case 124:
        if (!NO_REPOSITORY.test(check.stderr)) fail('failure checking existence of repository');
        return this.init();
      case 10: // restic ≥ 0.17: the repository does not exist
        return this.init();
      case LOCK_FAILED: // restic ≥ 0.17: the repository is locked (not expected without a lock, kept as entry.sh has it)
        return fail('failure locking repository');
      case 12: // restic ≥ 0.17.1: wrong password
        return fail('failure connecting to repository, incorrect password');
      default:
        return fail('failure checking existence of repository');
    }
  }

  private async init(): Promise<void> {
    say('=== Initialize Dir ===');
    await this.run(['init']);
  }

  private async backup(): Promise<void> {
    say('=== Starting backup ===');
    // From inside the directory with `.`, so that restic records the directory itself (`/data`).
    const result = await step(this.cli.command, [...this.cli.baseArgs, 'backup', '--host', RESTIC_HOST, '--exclude=lost+found', '.'], {
      env: this.env,
      cwd: this.dataDir,
      stderr: 'tee',
    });
    if (result.code === 0) return;
    // The repository probe took no lock, so a repository locked by another process is first seen
    // here, before anything was written: it ends the mover as entry.sh's lock check does.
    if (result.code === LOCK_FAILED || (result.code === 1 && LOCKED.test(result.stderr))) throw new MoverExit(3, 'failure locking repository');
    throw new MoverExit(result.code);
  }

  private async forget(): Promise<void> {
    say('=== Starting forget ===');
    const options = (this.env.FORGET_OPTIONS ?? '').split(/\s+/).filter(Boolean);
    if (options.length > 0) await this.run(['forget', '--host', RESTIC_HOST, ...options]);
  }

  private async unlock(): Promise<void> {
    say('=== Starting unlock ===');
    const result = await step(this.cli.command, [...this.cli.baseArgs, 'unlock'], { env: this.env, stderr: 'capture' });
    if (result.code === 0) return;
    process.stdout.write(result.stderr);
    if (!NO_REPOSITORY.test(result.stderr)) throw new MoverExit(3, 'failure unlocking repository');
    say('No repo, ignoring unlock error');
  }

  private async restore(): Promise<void> {
    say('=== Starting restore ===');
    const id = await this.selectSnapshot();
    if (!id) {
      say('No eligible snapshots found');
      say('=== No data will be restored ===');
      return;
    }
    const restoreOptions = (this.env.RESTORE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
    if (restoreOptions.length > 0) say(`RESTORE_OPTIONS: ${this.env.RESTORE_OPTIONS}`);
    say(`Selected restic snapshot with id: ${id}`);
    // Older restic has no --delete: the same result comes from removing what the snapshot lacks.
    const emulateDelete = restoreOptions.includes('--delete') && !isRestic017OrLater(this.cli);
    const options = emulateDelete ? restoreOptions.filter((o) => o !== '--delete') : restoreOptions;
    await this.run(['restore', id, '-t', '.', '--host', RESTIC_HOST, ...restoreXattrArgs(this.cli), ...options], this.dataDir);
    if (emulateDelete) await this.deleteWhatSnapshotLacks(id);
  }

  private async deleteWhatSnapshotLacks(id: string): Promise<void> {
    const listing = await step(this.cli.command, [...this.cli.baseArgs, 'ls', '--json', id], { env: this.env, stdout: 'capture' });
    if (listing.code !== 0) throw new MoverExit(listing.code);
    const removed = await deleteEntriesNotIn(this.dataDir, snapshotPaths(listing.stdout));
    say(`Deleted ${removed} entries not in snapshot ${id}`);
  }

  private async selectSnapshot(): Promise<string | undefined> {
    const listing = await step(this.cli.command, [...this.cli.baseArgs, '-r', this.env.RESTIC_REPOSITORY ?? '', 'snapshots', '--json'], {
      env: this.env,
      stdout: 'capture',
    });
    let snapshots: ResticSnapshot[];
    try {
      if (listing.code !== 0) throw new Error();
      snapshots = (JSON.parse(listing.stdout || '[]') as ResticSnapshot[] | null) ?? [];
    } catch {
      throw new MoverExit(3, 'failure getting list of snapshots from repository');
    }
    const previous = Number.parseInt(this.env.SELECT_PREVIOUS || '0', 10);
    return selectSnapshot(snapshots, {
      dataDir: this.dataDir,
      restoreAsOf: this.env.RESTORE_AS_OF || undefined,
      previous: Number.isNaN(previous) ? 0 : previous,
    });
  }
}

// The rclone mover (`lifeboat mover rclone source|destination`): what VolSync's
// mover-rclone/active.sh does, with the real rclone, find, getfacl and setfacl. The source uploads
// the volume and a `permissions.facl` listing of its owners, modes and ACLs; the destination mirrors
// the remote into the volume and applies that listing.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { debugMoverRequested, waitForDebugging } from '../shared/debug-mover.js';
import { elapsedSeconds, mustRun, MoverExit, pipeToFile, requireEnv, say, step } from '../shared/steps.js';

export const PERMISSIONS_FILE = 'permissions.facl';
const DEFAULTS: Record<string, string> = { RCLONE_TRANSFERS: '10', RCLONE_CHECKSUM: '1', RCLONE_STATS: '20s' };

export interface RcloneMoverOptions {
  direction: string;
  version: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs the mover; resolves with the process exit code. */
export async function runRcloneMover(opts: RcloneMoverOptions): Promise<number> {
  const base = opts.env ?? process.env;
  say(`Lifeboat rclone mover version: ${opts.version}`);
  try {
    if (debugMoverRequested(base)) {
      await waitForDebugging(`lifeboat mover rclone ${opts.direction}`, base.TMPDIR || os.tmpdir());
      return 0;
    }
    requireEnv(
      { ...base, DIRECTION: opts.direction },
      ['RCLONE_DEST_PATH', 'DIRECTION', 'PRIVILEGED_MOVER', 'MOUNT_PATH'],
      (name) => `${name} must be defined`,
    );
    // The user's own RCLONE_* settings from the Secret win over these defaults.
    const env: NodeJS.ProcessEnv = { ...base };
    for (const [name, value] of Object.entries(DEFAULTS)) env[name] ||= value;
    const run = new RcloneRun(env);
    const started = Date.now();
    if (opts.direction === 'source') await run.upload();
    else if (opts.direction === 'destination') await run.download();
    else throw new MoverExit(1, `unknown value for DIRECTION: ${opts.direction}`);
    await mustRun('sync', ['-f', run.mountPath], { env });
    say(`Rclone completed in ${elapsedSeconds(started)}s`);
    return 0;
  } catch (err) {
    if (!(err instanceof MoverExit)) throw err;
    if (err.message) say(`error: ${err.message}`);
    return err.code;
  }
}

class RcloneRun {
  readonly mountPath: string;
  private readonly remote: string;
  /** Holds only permissions.facl: copies of it never carry along other files of the temp dir. */
  private readonly aclDir: string;
  private readonly syncFlags: string[];
  private readonly copyFlags: string[];

  constructor(private readonly env: NodeJS.ProcessEnv) {
    this.mountPath = env.MOUNT_PATH ?? '';
    this.remote = `${env.RCLONE_CONFIG_SECTION ?? ''}:${env.RCLONE_DEST_PATH ?? ''}`;
    this.aclDir = path.join(env.TMPDIR || '/tmp', 'lifeboat-rclone-acl');
    // The main transfer prints one summary at the end; the small permissions copy prints one line.
    this.syncFlags = ['--one-file-system', '--create-empty-src-dirs'];
    this.copyFlags = ['--one-file-system', '--create-empty-src-dirs', '--stats-one-line-date'];
    if (env.CUSTOM_CA) {
      say('Using custom CA.');
      this.syncFlags.push('--ca-cert', env.CUSTOM_CA);
      this.copyFlags.push('--ca-cert', env.CUSTOM_CA);
    }
  }

  async upload(): Promise<void> {
    await fs.mkdir(this.aclDir, { recursive: true });
    const facl = path.join(this.aclDir, PERMISSIONS_FILE);
    const code = await pipeToFile(
      { command: 'find', args: [this.mountPath, '-path', path.join(this.mountPath, 'lost+found'), '-prune', '-o', '-print'] },
      { command: 'getfacl', args: ['-P', '-'] },
      facl,
      { env: this.env },
    );
    if (code !== 0) throw new MoverExit(code);
    await this.rclone(['sync', ...this.syncFlags, '--exclude', 'lost+found/**', this.mountPath, this.remote, '--log-level', 'DEBUG']);
    await this.rclone(['copy', ...this.copyFlags, '--include', PERMISSIONS_FILE, this.aclDir, this.remote, '--log-level', 'DEBUG']);
  }

  async download(): Promise<void> {
    await fs.mkdir(this.aclDir, { recursive: true });
    const facl = path.join(this.aclDir, PERMISSIONS_FILE);
    await this.rclone([
      'sync',
      ...this.syncFlags,
      '--exclude',
      'lost+found/**',
      '--exclude',
      PERMISSIONS_FILE,
      this.remote,
      this.mountPath,
      '--log-level',
      'DEBUG',
    ]);
    await this.rclone(['copy', ...this.copyFlags, '--include', PERMISSIONS_FILE, this.remote, this.aclDir, '--log-level', 'DEBUG']);
    // A remote without the listing was not written by a source mover: fail rather than guess.
    await mustRun('stat', [facl], { env: this.env });
    // getfacl names files relative to `/` (it drops the leading slash); restore from there.
    await step('setfacl', [`--restore=${facl}`], { env: this.env, cwd: '/' });
  }

  private rclone(args: string[]): Promise<unknown> {
    return mustRun('rclone', args, { env: this.env });
  }
}

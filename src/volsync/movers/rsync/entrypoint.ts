// `lifeboat mover rsync source|destination`: VolSync's rsync-over-ssh mover with the real ssh,
// sshd and rsync (volsync.md §3.1).
import os from 'node:os';
import { debugMoverRequested, waitForDebugging } from '../shared/debug-mover.js';
import { MoverExit, say } from '../shared/steps.js';
import { runRsyncDestination } from './destination.js';
import { runRsyncSource } from './source.js';

export async function runRsyncMover(opts: { direction: 'source' | 'destination'; version: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  const env = opts.env ?? process.env;
  say(`Lifeboat rsync mover version: ${opts.version}`);
  try {
    if (debugMoverRequested(env)) {
      await waitForDebugging(`lifeboat mover rsync ${opts.direction}`, env.TMPDIR || os.tmpdir());
      return 0;
    }
    return opts.direction === 'source' ? await runRsyncSource(env) : await runRsyncDestination(env);
  } catch (err) {
    if (!(err instanceof MoverExit)) throw err;
    if (err.message) say(err.message);
    return err.code;
  }
}

// `lifeboat mover rsync-tls source|destination`: VolSync's rsync-TLS mover with the real stunnel
// and rsync (volsync.md §3.2).
import os from 'node:os';
import { debugMoverRequested, waitForDebugging } from '../shared/debug-mover.js';
import { MoverExit, say } from '../shared/steps.js';
import { runRsyncTlsClient } from './client.js';
import { runRsyncTlsServer } from './server.js';

export async function runRsyncTlsMover(opts: { direction: 'source' | 'destination'; version: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  const env = opts.env ?? process.env;
  say(`Lifeboat rsync-tls mover version: ${opts.version}`);
  try {
    if (debugMoverRequested(env)) {
      await waitForDebugging(`lifeboat mover rsync-tls ${opts.direction}`, env.TMPDIR || os.tmpdir());
      return 0;
    }
    return opts.direction === 'source' ? await runRsyncTlsClient(env) : await runRsyncTlsServer(env);
  } catch (err) {
    if (!(err instanceof MoverExit)) throw err;
    if (err.message) say(err.message);
    return err.code;
  }
}

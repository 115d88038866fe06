// `lifeboat mover rsync-tls source|destination`: VolSync's rsync-TLS mover with the real stunnel
// and rsync (volsync.md §3.2).
import { runDirectional } from '../shared/directional.js';
import { runRsyncTlsClient } from './client.js';
import { runRsyncTlsServer } from './server.js';

export function runRsyncTlsMover(opts: { direction: 'source' | 'destination'; version: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  return runDirectional({ name: 'rsync-tls', source: runRsyncTlsClient, destination: runRsyncTlsServer }, opts);
}

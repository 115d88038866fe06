// `lifeboat mover rsync source|destination`: VolSync's rsync-over-ssh mover with the real ssh,
// sshd and rsync (volsync.md §3.1).
import { runDirectional } from '../shared/directional.js';
import { runRsyncDestination } from './destination.js';
import { runRsyncSource } from './source.js';

export function runRsyncMover(opts: { direction: 'source' | 'destination'; version: string; env?: NodeJS.ProcessEnv }): Promise<number> {
  return runDirectional({ name: 'rsync', source: runRsyncSource, destination: runRsyncDestination }, opts);
}

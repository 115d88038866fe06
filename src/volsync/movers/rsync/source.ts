// The rsync-over-ssh source (VolSync's mover-rsync/source.sh, volsync.md §3.1): ssh trusting only
// the destination's host key, up to five attempts of one rsync pass with --delete, then
// `shutdown 0` through the same connection, which ends the destination's sshd.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { elapsedSeconds, say, step } from '../shared/steps.js';
import { RSYNC_ARCHIVE_FLAGS } from '../shared/rsync-flags.js';
import { bracketed, moverPaths, requireData, requireDestinationAddress } from '../shared/mounts.js';
import { withAttempts } from '../shared/attempts.js';

export async function runRsyncSource(env: NodeJS.ProcessEnv): Promise<number> {
  const p = moverPaths(env);
  const address = requireDestinationAddress(env);
  await requireData(p);
  await fs.mkdir(path.join(p.ssh, 'controlmasters'), { recursive: true, mode: 0o700 });
  const destinationKey = (await fs.readFile(path.join(p.keys, 'destination.pub'), 'utf8')).trim();
  const port = env.DESTINATION_PORT || '22';
  await fs.writeFile(path.join(p.ssh, 'known_hosts'), `${knownHostsName(address, port)} ${destinationKey}\n`);
  const config = path.join(p.ssh, 'config');
  await fs.writeFile(
    config,
    [
      'ConnectTimeout 30',
      'ControlMaster auto',
      `ControlPath ${path.join(p.ssh, 'controlmasters', '%C')}`,
      'ControlPersist 5',
      'CheckHostIP no',
      `IdentityFile ${path.join(p.keys, 'source')}`,
      `Port ${port}`,
      'ServerAliveCountMax 4',
      'ServerAliveInterval 30',
      'StrictHostKeyChecking yes',
      'TCPKeepAlive no',
      `UserKnownHostsFile ${path.join(p.ssh, 'known_hosts')}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // ssh reads ~/.ssh/config of the passwd home; name the file so it is the one written above.
  const ssh = ['ssh', '-F', config];
  const runEnv = { ...env, RSYNC_RSH: ssh.join(' ') };
  const host = bracketed(address);
  const started = Date.now();
  const rc = await withAttempts(
    env,
    async () => (await step('rsync', [RSYNC_ARCHIVE_FLAGS, '--delete', '--itemize-changes', '--info=stats2,misc2', `${p.data}/`, `root@${host}:.`], { env: runEnv })).code,
  );
  say(`Rsync completed in ${elapsedSeconds(started)}s`);
  if (rc !== 0) {
    say(`Synchronization failed. rsync returned: ${rc}`);
    return rc;
  }
  await step(ssh[0], [...ssh.slice(1), `root@${address}`, 'shutdown', '0'], { env });
  return 0;
}

/**
 * The destination's name in known_hosts. ssh looks a host on another port than 22 up as
 * `[host]:port`, so the spec's bare `<addr>` would fail host key verification whenever
 * `spec.rsync.port` is set.
 */
export function knownHostsName(address: string, port: string): string {
  return port === '22' ? address : `[${address.replace(/^\[(.*)\]$/, '$1')}]:${port}`;
}

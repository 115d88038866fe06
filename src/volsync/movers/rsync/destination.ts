// The rsync-over-ssh destination (VolSync's mover-rsync/destination.sh, volsync.md §3.1): sshd on
// port 8022 with the destination key as host key, hardened (keys only, no forwarding, X11,
// tunnels, PAM or GSSAPI), accepting only the source key with a forced command that allows rsync
// restricted to /data (rrsync) or `shutdown <N>`. The run ends when a source says shutdown; its
// exit code is N (255 when there is no single number).
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { say, step } from '../shared/steps.js';
import { moverPaths, requireData } from '../shared/mounts.js';

export const SSHD_PORT = 8022;

/** The spec's hardening: keys only; no forwarding, X11, tunnels, PAM or GSSAPI. */
export const SSHD_HARDENING = [
  'PasswordAuthentication no',
  'KbdInteractiveAuthentication no',
  'AllowTcpForwarding no',
  'X11Forwarding no',
  'PermitTunnel no',
  'UsePAM no',
  'GSSAPIAuthentication no',
  // The key files live in memory volumes whose modes sshd would otherwise refuse.
  'StrictModes no',
];

export async function runRsyncDestination(env: NodeJS.ProcessEnv): Promise<number> {
  const p = moverPaths(env);
  await requireData(p);
  const exitCodeFile = path.join(p.tmp, 'exit_code');
  const pidFile = path.join(p.tmp, 'sshd.pid');
  await fs.rm(exitCodeFile, { force: true });
  await fs.mkdir(p.ssh, { recursive: true, mode: 0o700 });
  // sshd wants its host key as a file only root can read.
  const hostKey = path.join(p.tmp, 'ssh_host_rsa_key');
  await fs.copyFile(path.join(p.keys, 'destination'), hostKey);
  await fs.chmod(hostKey, 0o600);
  const command = path.join(p.tmp, 'destination-command.sh');
  await fs.writeFile(
    command,
    [
      '#!/bin/bash',
      'case "$SSH_ORIGINAL_COMMAND" in',
      `  rsync\\ *) LANG=C exec rrsync ${p.data} ;;`,
      `  shutdown\\ *) echo "\${SSH_ORIGINAL_COMMAND#shutdown }" >> ${exitCodeFile}; kill -TERM "$(cat ${pidFile})" ;;`,
      '  *) echo "Invalid command: $SSH_ORIGINAL_COMMAND"; exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const sourceKey = (await fs.readFile(path.join(p.keys, 'source.pub'), 'utf8')).trim();
  const authorizedKeys = path.join(p.ssh, 'authorized_keys');
  await fs.writeFile(authorizedKeys, `command="${command}",restrict ${sourceKey}\n`, { mode: 0o600 });
  const config = path.join(p.tmp, 'sshd_config');
  await fs.writeFile(
    config,
    [
      `HostKey ${hostKey}`,
      `PidFile ${pidFile}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      'PermitRootLogin forced-commands-only',
      ...SSHD_HARDENING,
      // On the embedded hub each pod has its own loopback address: listen there only.
      ...(env.LIFEBOAT_POD_ADDRESS ? [`ListenAddress ${env.LIFEBOAT_POD_ADDRESS}`] : []),
      '',
    ].join('\n'),
  );
  // sshd checks for its privilege separation directory.
  await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 }).catch(() => undefined);
  say('Waiting for connection...');
  const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-p', String(SSHD_PORT), '-f', config], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = (): void => {
    sshd.kill('SIGTERM');
  };
  process.once('SIGTERM', stop);
  await new Promise<void>((resolve) => sshd.once('close', () => resolve()));
  process.removeListener('SIGTERM', stop);
  await step('sync', ['-f', p.data], { env });
  let text = '';
  try {
    text = (await fs.readFile(exitCodeFile, 'utf8')).trim();
  } catch {
    // No shutdown received.
  }
  return /^\d+$/.test(text) ? Number.parseInt(text, 10) : 255;
}

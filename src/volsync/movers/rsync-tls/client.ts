// The rsync-TLS source (VolSync's mover-rsync-tls/client.sh, volsync.md §3.2): stunnel in PSK
// client mode in front of the destination, then up to five attempts of the two rsync passes — data
// with metadata over the root's entries (a file list, never a glob), then deletions only — and
// the symlinks the daemon munged, sent so the destination can restore them. Success is announced
// by copying a file to the destination's control module.
import { promises as fs } from 'node:fs';
import { elapsedSeconds, say, step } from '../shared/steps.js';
import { RSYNC_ARCHIVE_FLAGS } from '../shared/rsync-flags.js';
import { bracketed, inTmp, moverPaths, requireData, requireDestinationAddress, requireReadable, type MoverPaths } from '../shared/mounts.js';
import { PSK_FIELD } from './psk.js';
import { printVersions, startStunnel, stopStunnel, stunnelGlobals } from './stunnel.js';
import path from 'node:path';
import { withAttempts } from '../shared/attempts.js';

const LOCAL_PORT = 9000;
const DEFAULT_DESTINATION_PORT = '8000';
const COMPLETE_DELAY_MS = 5_000;

export async function runRsyncTlsClient(env: NodeJS.ProcessEnv): Promise<number> {
  const p = moverPaths(env);
  const address = requireDestinationAddress(env);
  const pskFile = path.join(p.keys, PSK_FIELD);
  await requireReadable(pskFile);
  await requireData(p);
  // On the embedded hub every pod has its own loopback address: two sources never share 9000.
  const listen = `${env.LIFEBOAT_POD_ADDRESS || '127.0.0.1'}:${LOCAL_PORT}`;
  const pidFile = inTmp(p, 'stunnel-client.pid');
  const conf = inTmp(p, 'stunnel-client.conf');
  const host = bracketed(address);
  await fs.writeFile(
    conf,
    [
      ...stunnelGlobals(pidFile, inTmp(p, 'stunnel-client.log')),
      '',
      '[rsync]',
      'ciphers = PSK',
      `PSKsecrets = ${pskFile}`,
      `accept = ${listen}`,
      'client = yes',
      `connect = ${host}:${env.DESTINATION_PORT || DEFAULT_DESTINATION_PORT}`,
      '',
    ].join('\n'),
  );
  await printVersions(env);
  await startStunnel(conf, pidFile, inTmp(p, 'stunnel-client.log'), env);
  try {
    const started = Date.now();
    const remote = `rsync://${listen}`;
    const rc = await withAttempts(env, () => syncOnce(p, remote, env));
    say(`rsync completed in ${elapsedSeconds(started)}s`);
    if (rc !== 0) {
      say(`Synchronization failed. rsync returned: ${rc}`);
      return rc % 256;
    }
    const marker = inTmp(p, 'complete');
    await fs.writeFile(marker, 'complete\n');
    await step('rsync', [marker, `${remote}/control/complete`], { env });
    await new Promise((r) => setTimeout(r, COMPLETE_DELAY_MS));
    return 0;
  } finally {
    await stopStunnel(pidFile);
  }
}

/** One attempt: both passes; `rc_a * 100 + rc_b` as the script computes it. */
async function syncOnce(p: MoverPaths, remote: string, env: NodeJS.ProcessEnv): Promise<number> {
  const fileList = inTmp(p, 'filelist.txt');
  const entries = await fs.readdir(p.data);
  await fs.writeFile(fileList, entries.map((e) => `/${e}\n`).join(''));
  let rcA = 0;
  if (entries.length > 0) {
    const fullLog = inTmp(p, 'rsync-full.log');
    const pass = await step(
      'rsync',
      [RSYNC_ARCHIVE_FLAGS, '-r', '--exclude=lost+found', '--itemize-changes', '--info=stats2,misc2', `--files-from=${fileList}`, `${p.data}/`, `${remote}/data`],
      { env, stdout: 'capture' },
    );
    process.stdout.write(pass.stdout);
    await fs.writeFile(fullLog, pass.stdout);
    rcA = pass.code;
    if (rcA === 0) {
      const links = changedSymlinks(pass.stdout);
      if (links.length > 0) {
        const munging = inTmp(p, 'symlink-munging-file');
        await fs.appendFile(munging, links.map((l) => `${l}\n`).join(''));
        await step('rsync', [munging, `${remote}/control/symlink-munging-file`], { env });
      }
    }
  } else {
    say('Skipping sync of empty source directory');
  }
  const deletions = await step(
    'rsync',
    ['-rx', '--exclude=lost+found', '--ignore-existing', '--ignore-non-existing', '--delete', '--itemize-changes', '--info=stats2,misc2', `${p.data}/`, `${remote}/data`],
    { env },
  );
  return rcA * 100 + deletions.code;
}

/** The paths of `cL…` itemize lines (a symlink created or changed): after the first space, before ` -> `. */
export function changedSymlinks(output: string): string[] {
  const paths: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('cL')) continue;
    const rest = line.slice(line.indexOf(' ') + 1);
    const arrow = rest.indexOf(' -> ');
    paths.push(arrow >= 0 ? rest.slice(0, arrow) : rest);
  }
  return paths;
}

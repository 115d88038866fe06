// The rsync-TLS destination (VolSync's mover-rsync-tls/server.sh, volsync.md §3.2): stunnel in
// PSK server mode starts one rsync daemon per TLS connection (inetd style) with modules `data`
// (the volume) and `control`; the run ends when a source copies `complete` into the control
// module. The daemon munges symlinks, so those the source lists are restored afterwards. The
// server never fails because of a client: it keeps waiting.
import { promises as fs, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { say, step } from '../shared/steps.js';
import { inTmp, moverPaths, requireData, requireReadable } from '../shared/mounts.js';
import { PSK_FIELD } from './psk.js';
import { printVersions, startStunnel, stopStunnel, stunnelGlobals } from './stunnel.js';
import { tailFile } from './tail.js';

import { SERVER_PORT } from './server-port.js';
const MUNGE_PREFIX = '/rsyncd-munged/';
const POLL_MS = 1_000;
const COMPLETE_DELAY_MS = 5_000;

export async function runRsyncTlsServer(env: NodeJS.ProcessEnv): Promise<number> {
  const p = moverPaths(env);
  const pskFile = path.join(p.keys, PSK_FIELD);
  await requireReadable(pskFile);
  await requireData(p);
  const privileged = env.PRIVILEGED_MOVER === '1';
  const control = inTmp(p, 'control');
  const rsyncdConf = inTmp(p, 'rsyncd.conf');
  const rsyncdLog = inTmp(p, 'rsyncd.log');
  await fs.writeFile(
    rsyncdConf,
    [
      `pid = ${inTmp(p, 'rsyncd.pid')}`,
      'address = 127.0.0.1',
      `log file = ${rsyncdLog}`,
      'max verbosity = 10',
      'use chroot = false',
      'numeric ids = true',
      'munge symlinks = true',
      'open noatime = true',
      'reverse lookup = false',
      'transfer logging = true',
      'read only = false',
      ...(privileged ? ['uid = 0', 'gid = *'] : []),
      '',
      '[data]',
      `path = ${p.data}`,
      '',
      '[control]',
      `path = ${control}`,
      '',
    ].join('\n'),
  );
  const pidFile = inTmp(p, 'stunnel.pid');
  const stunnelConf = inTmp(p, 'stunnel.conf');
  await fs.writeFile(
    stunnelConf,
    [
      ...stunnelGlobals(pidFile, inTmp(p, 'stunnel.log')),
      '',
      '[rsync]',
      'ciphers = kPSK',
      `PSKsecrets = ${pskFile}`,
      `sslVersionMin = ${env.SSL_VERSION_MIN || 'TLSv1.3'}`,
      `accept = ${await listenAddress(env)}`,
      'client = no',
      'exec = /usr/bin/rsync',
      `execargs = rsync --server --daemon --config=${rsyncdConf} .`,
      '',
    ].join('\n'),
  );
  await printVersions(env);
  // Stale control files of an earlier run must not end this one.
  await fs.rm(control, { recursive: true, force: true });
  await fs.mkdir(control, { recursive: true });
  await fs.writeFile(rsyncdLog, '', { flag: 'a' });
  const tail = tailFile(rsyncdLog);
  try {
    await startStunnel(stunnelConf, pidFile, inTmp(p, 'stunnel.log'), env);
    say('Waiting for connection...');
    await untilExists(control, 'complete');
    await new Promise((r) => setTimeout(r, COMPLETE_DELAY_MS));
    await unmungeSymlinks(p.data, path.join(control, 'symlink-munging-file'), privileged);
  } finally {
    await stopStunnel(pidFile);
    await tail.stop();
  }
  await step('sync', ['-f', p.data], { env });
  say('Transfer complete.');
  return 0;
}

/**
 * `:::8000`, or `8000` where IPv6 is disabled; on the embedded hub, the address of the pod's
 * Service, so each destination on the machine has port 8000 to itself.
 */
async function listenAddress(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.LIFEBOAT_POD_ADDRESS) return `${env.LIFEBOAT_POD_ADDRESS}:${SERVER_PORT}`;
  try {
    if ((await fs.readFile('/sys/module/ipv6/parameters/disable', 'utf8')).trim() === '1') return String(SERVER_PORT);
  } catch {
    return String(SERVER_PORT);
  }
  return `:::${SERVER_PORT}`;
}

/** Restores the symlinks the daemon stored as `/rsyncd-munged/<target>`, keeping their owner. */
export async function unmungeSymlinks(dataDir: string, listFile: string, keepOwner: boolean): Promise<void> {
  let list: string;
  try {
    list = await fs.readFile(listFile, 'utf8');
  } catch {
    return;
  }
  for (const rel of list.split('\n')) {
    if (!rel) continue;
    const link = path.join(dataDir, rel);
    let target: string;
    let stat;
    try {
      stat = await fs.lstat(link);
      if (!stat.isSymbolicLink()) continue;
      target = await fs.readlink(link);
    } catch {
      continue;
    }
    if (!target.startsWith(MUNGE_PREFIX)) continue;
    const temp = `${link}.lifeboat-unmunge`;
    await fs.symlink(target.slice(MUNGE_PREFIX.length), temp);
    if (keepOwner) await fs.lchown(temp, stat.uid, stat.gid);
    await fs.lutimes(temp, stat.atime, stat.mtime);
    await fs.rename(temp, link);
  }
}

/**
 * Waits for `dir/name`: woken by a change in `dir` the moment the source's marker lands, and
 * polled every second as the script does, in case the watch misses it.
 */
async function untilExists(dir: string, name: string): Promise<void> {
  const file = path.join(dir, name);
  let wake = (): void => undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dir, (_event, changed) => {
      if (changed === name) wake();
    });
    watcher.on('error', () => undefined);
  } catch {
    // No watch on this file system: the poll alone ends the wait.
  }
  try {
    while (!(await exists(file))) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, POLL_MS);
      });
      clearTimeout(timer);
    }
  } finally {
    watcher?.close();
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

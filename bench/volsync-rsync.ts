// rsync mover benchmark: the volume of bench/volsync-movers.ts (10,000 files, 1 GiB) replicated by
// the rsync-TLS and rsync-over-ssh movers — `lifeboat mover rsync-tls|rsync destination` and
// `… source`, the two processes the mover Jobs run, each on its own loopback address as the
// embedded hub gives pods — against raw rsync with the movers' flags on the same data in the same
// run: an rsync daemon behind a stunnel PSK pair, and `rsync -e ssh` into an sshd. A first run,
// then again after changing 1 % of the files. Runs alternate raw/mover/mover/raw, each into its
// own destination directory, and figures are the mean of the two runs of each.
//
// A run is timed from the start of the source side to the end of both sides; the destination
// side (daemon, sshd) is started and listening before, as a destination Job waits for its source.
//
//   node --import tsx bench/volsync-rsync.ts [--size-mib 1024] [--files 10000] [--dir <tmp>] [--movers rsync-tls,rsync-ssh]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RSYNC_ARCHIVE_FLAGS } from '../src/volsync/movers/shared/rsync-flags.js';
import { stunnelGlobals } from '../src/volsync/movers/rsync-tls/stunnel.js';
import { SERVER_PORT } from '../src/volsync/movers/rsync-tls/server-port.js';
import { SSHD_HARDENING, SSHD_PORT } from '../src/volsync/movers/rsync/destination.js';
import { waitForListener } from '../test/support/listening.js';
import { waitFor } from '../test/support/wait.js';
import { arg, changeOnePercent, fileSizes, Figures, LIFEBOAT, printMachine, run, volumeShapeFromArgs, writeVolume, type Timed } from './mover-volume.js';

const TOOLS = ['rsync-tls', 'rsync-ssh'] as const;
type Tool = (typeof TOOLS)[number];
const RAW_TLS_CLIENT_PORT = 9000;

/** Loopback addresses of this run's "pods", away from those the embedded hubs allocate. */
const subnet = `127.213.${process.pid % 250}`;
const ADDRESS = { moverDestination: `${subnet}.1`, moverSource: `${subnet}.2`, rawDestination: `${subnet}.3`, rawSource: `${subnet}.4` };

/** stunnel daemonizes: started, then waited for through its pid file; stopped by that pid. */
async function startStunnel(conf: string, pidFile: string): Promise<void> {
  await run('stunnel', [conf], {});
  await waitFor(`the pid file of stunnel ${conf}`, async () => (await fs.readFile(pidFile, 'utf8').catch(() => '')) || undefined, 10_000, 20);
}

async function stopByPidFile(pidFile: string): Promise<void> {
  const pid = Number.parseInt(await fs.readFile(pidFile, 'utf8'), 10);
  const alive = (): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGTERM');
  await waitFor(`process ${pid} to stop`, () => !alive(), 5_000, 20);
}

/** Both sides of a run: the destination started and listening first, then the timed source. */
async function timedPair(destination: () => Promise<Timed>, listening: () => Promise<unknown>, source: () => Promise<Timed>): Promise<Timed> {
  const destinationDone = destination();
  // A destination that fails before it listens should say so, not leave the wait to time out.
  await Promise.race([listening(), destinationDone.then(() => Promise.reject(new Error('the destination ended before it listened')))]);
  const started = performance.now();
  const [src] = await Promise.all([source(), destinationDone]);
  return { seconds: (performance.now() - started) / 1000, output: src.output, marks: src.marks };
}

async function main(): Promise<void> {
  const tools = arg('--movers', TOOLS.join(',')).split(',') as Tool[];
  for (const t of tools) if (!TOOLS.includes(t)) throw new Error(`--movers: unknown mover "${t}" (known: ${TOOLS.join(', ')})`);
  const base = await fs.mkdtemp(path.join(arg('--dir', tmpdir()), 'lbr-'));
  const data = path.join(base, 'data');
  const keys = path.join(base, 'keys');
  const at = (...p: string[]) => path.join(base, ...p);
  const procs: ChildProcess[] = [];
  printMachine();
  try {
    const sizes = fileSizes(volumeShapeFromArgs());
    await writeVolume(data, sizes);
    await fs.mkdir(keys, { mode: 0o700 });
    await fs.writeFile(path.join(keys, 'psk.txt'), `volsync:${randomBytes(64).toString('hex')}\n`, { mode: 0o600 });
    for (const side of ['source', 'destination'])
      await run('ssh-keygen', ['-q', '-t', 'rsa', '-b', '4096', '-f', path.join(keys, side), '-C', '', '-N', ''], {});

    // The movers, as their Jobs run them (as root: the movers of the embedded hub are privileged).
    // Short paths: ssh's ControlPath socket name must fit in 108 bytes.
    const moverEnv = async (dir: string, address: string): Promise<Record<string, string>> => {
      const tmp = at(`${dir}-tmp`);
      await fs.mkdir(tmp, { recursive: true });
      return {
        LIFEBOAT_MOUNT_KEYS: keys,
        LIFEBOAT_MOUNT_TMP: tmp,
        LIFEBOAT_MOUNT_ROOT_SSH: at(`${dir}-ssh`),
        LIFEBOAT_POD_ADDRESS: address,
        PRIVILEGED_MOVER: '1',
      };
    };
    const mover = async (tool: Tool, dir: string) => {
      const name = tool === 'rsync-tls' ? 'rsync-tls' : 'rsync';
      const lifeboat = (direction: string, env: Record<string, string>) => () =>
        run(process.execPath, [LIFEBOAT, 'mover', name, direction], env, { endOn: 'exit' });
      await fs.mkdir(at(dir), { recursive: true });
      const destination = { ...(await moverEnv(`${dir}-dst`, ADDRESS.moverDestination)), LIFEBOAT_MOUNT_DATA: at(dir) };
      const source = {
        ...(await moverEnv(`${dir}-src`, ADDRESS.moverSource)),
        LIFEBOAT_MOUNT_DATA: data,
        DESTINATION_ADDRESS: ADDRESS.moverDestination,
        ...(tool === 'rsync-ssh' ? { DESTINATION_PORT: String(SSHD_PORT) } : {}),
      };
      const port = tool === 'rsync-tls' ? SERVER_PORT : SSHD_PORT;
      return timedPair(lifeboat('destination', destination), () => waitForListener(ADDRESS.moverDestination, port, 20_000), lifeboat('source', source));
    };

    // Raw rsync-TLS: an rsync daemon per connection behind stunnel, the movers' stunnel and daemon settings.
    const rawTls = async (dir: string): Promise<Timed> => {
      const conf = (name: string, lines: string[]) => fs.writeFile(at(`${dir}-${name}`), lines.join('\n') + '\n').then(() => at(`${dir}-${name}`));
      const rsyncd = await conf('rsyncd.conf', [
        'use chroot = false',
        'numeric ids = true',
        'munge symlinks = true',
        'open noatime = true',
        'reverse lookup = false',
        'read only = false',
        'uid = 0',
        'gid = *',
        '[data]',
        `path = ${at(dir)}`,
      ]);
      // One `[rsync]` PSK service per side; its pid file is how it is stopped.
      const stunnel = async (side: string, service: string[]) => {
        const pid = at(`${dir}-stunnel-${side}.pid`);
        const file = await conf(`stunnel-${side}.conf`, [
          ...stunnelGlobals(pid, at(`${dir}-stunnel-${side}.log`)),
          '[rsync]',
          `PSKsecrets = ${path.join(keys, 'psk.txt')}`,
          ...service,
        ]);
        return { file, pid };
      };
      const server = await stunnel('server', [
        'ciphers = kPSK',
        'sslVersionMin = TLSv1.3',
        `accept = ${ADDRESS.rawDestination}:${SERVER_PORT}`,
        'client = no',
        'exec = /usr/bin/rsync',
        `execargs = rsync --server --daemon --config=${rsyncd} .`,
      ]);
      const client = await stunnel('client', [
        'ciphers = PSK',
        `accept = ${ADDRESS.rawSource}:${RAW_TLS_CLIENT_PORT}`,
        'client = yes',
        `connect = ${ADDRESS.rawDestination}:${SERVER_PORT}`,
      ]);
      await fs.mkdir(at(dir), { recursive: true });
      await startStunnel(server.file, server.pid);
      try {
        const started = performance.now();
        await startStunnel(client.file, client.pid);
        const sync = await run(
          'rsync',
          [RSYNC_ARCHIVE_FLAGS, '--delete', '--exclude=lost+found', `${data}/`, `rsync://${ADDRESS.rawSource}:${RAW_TLS_CLIENT_PORT}/data`],
          {},
        );
        await stopByPidFile(client.pid);
        return { seconds: (performance.now() - started) / 1000, output: sync.output, marks: sync.marks };
      } finally {
        await stopByPidFile(server.pid);
      }
    };

    // Raw rsync over ssh: one sshd for all raw runs, hardened as the mover's, without its forced command.
    const sshDir = at('raw-ssh');
    await fs.mkdir(sshDir, { mode: 0o700 });
    await fs.copyFile(path.join(keys, 'destination'), path.join(sshDir, 'host_key'));
    await fs.chmod(path.join(sshDir, 'host_key'), 0o600);
    await fs.copyFile(path.join(keys, 'source.pub'), path.join(sshDir, 'authorized_keys'));
    const destinationPub = (await fs.readFile(path.join(keys, 'destination.pub'), 'utf8')).trim();
    await fs.writeFile(path.join(sshDir, 'known_hosts'), `[${ADDRESS.rawDestination}]:${SSHD_PORT} ${destinationPub}\n`);
    const sshdConfig = path.join(sshDir, 'sshd_config');
    await fs.writeFile(
      sshdConfig,
      [
        `HostKey ${path.join(sshDir, 'host_key')}`,
        `PidFile ${path.join(sshDir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${path.join(sshDir, 'authorized_keys')}`,
        'PermitRootLogin prohibit-password',
        ...SSHD_HARDENING,
        `ListenAddress ${ADDRESS.rawDestination}`,
        '',
      ].join('\n'),
    );
    const sshConfig = path.join(sshDir, 'ssh_config');
    await fs.writeFile(
      sshConfig,
      [
        `IdentityFile ${path.join(keys, 'source')}`,
        `Port ${SSHD_PORT}`,
        'StrictHostKeyChecking yes',
        `UserKnownHostsFile ${path.join(sshDir, 'known_hosts')}`,
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const rawSsh = async (dir: string): Promise<Timed> => {
      await fs.mkdir(at(dir), { recursive: true });
      return run(
        'rsync',
        [RSYNC_ARCHIVE_FLAGS, '--delete', '--exclude=lost+found', '-e', `ssh -F ${sshConfig}`, `${data}/`, `root@${ADDRESS.rawDestination}:${at(dir)}/`],
        {},
      );
    };
    if (tools.includes('rsync-ssh')) {
      await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 });
      const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-p', String(SSHD_PORT), '-f', sshdConfig], { stdio: 'ignore' });
      procs.push(sshd);
      await waitForListener(ADDRESS.rawDestination, SSHD_PORT, 20_000);
    }

    const raw = { 'rsync-tls': rawTls, 'rsync-ssh': rawSsh };
    const figures = new Figures();
    const round = async (phase: string) => {
      for (const tool of tools) {
        // raw, mover, mover, raw — each into its own destination.
        const t = tool === 'rsync-tls' ? 't' : 's';
        await figures.measure(`${tool} raw ${phase}`, () => raw[tool](`${t}r1`));
        await figures.measure(`${tool} mover ${phase}`, () => mover(tool, `${t}m1`));
        await figures.measure(`${tool} mover ${phase}`, () => mover(tool, `${t}m2`));
        await figures.measure(`${tool} raw ${phase}`, () => raw[tool](`${t}r2`));
      }
    };
    await round('initial');
    await changeOnePercent(data, sizes);
    await round('incremental');
    figures.print(tools);
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    if (!process.argv.includes('--keep')) await fs.rm(base, { recursive: true, force: true });
  }
}

await main();

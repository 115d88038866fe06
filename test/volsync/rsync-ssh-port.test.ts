// The rsync-over-ssh source against a destination on another port than 22 (`spec.rsync.port`):
// the destination's own sshd reached directly on 8022, both sides run as their Jobs run them, with
// the real ssh, sshd and rsync. ssh names such a host `[address]:port` in known_hosts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomLoopbackAddress } from '../../src/util/loopback.js';
import { SSHD_PORT } from '../../src/volsync/movers/rsync/destination.js';
import { knownHostsName } from '../../src/volsync/movers/rsync/source.js';
import { tempDir } from '../support/temp.js';
import { waitForListener } from '../support/listening.js';
import { runMover, runTool } from './mover-run.js';

describe('rsync over ssh on a non-default port', () => {
  let root: string;
  before(async () => {
    // Short: ssh's ControlPath socket below it must fit in 108 bytes.
    root = await tempDir('rsp');
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('names the destination [address]:port in known_hosts, and plainly on port 22', () => {
    assert.equal(knownHostsName('127.1.2.3', '22'), '127.1.2.3');
    assert.equal(knownHostsName('127.1.2.3', '2222'), '[127.1.2.3]:2222');
    assert.equal(knownHostsName('fd00::1', '2222'), '[fd00::1]:2222');
    assert.equal(knownHostsName('[fd00::1]', '2222'), '[fd00::1]:2222');
  });

  it('replicates to a destination listening on 8022, reached without a Service in between', async () => {
    const at = (p: string) => path.join(root, p);
    const keys = at('k');
    await mkdir(keys, { mode: 0o700 });
    for (const side of ['source', 'destination']) {
      const r = await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-f', path.join(keys, side), '-C', '', '-N', ''], {});
      assert.equal(r.code, 0, r.stderr);
    }
    for (const d of ['src', 'dst', 'st', 'dt']) await mkdir(at(d));
    await writeFile(at('src/hello.txt'), 'over port 8022');
    const address = randomLoopbackAddress();
    const common = { LIFEBOAT_MOUNT_KEYS: keys, PRIVILEGED_MOVER: '1' };
    const destination = runMover(['rsync', 'destination'], {
      ...common,
      LIFEBOAT_MOUNT_DATA: at('dst'),
      LIFEBOAT_MOUNT_TMP: at('dt'),
      LIFEBOAT_MOUNT_ROOT_SSH: at('ds'),
      LIFEBOAT_POD_ADDRESS: address,
    });
    let destinationEnded = false;
    void destination.then(() => (destinationEnded = true));
    try {
      await waitForListener(address, SSHD_PORT, 30_000);
      const source = await runMover(['rsync', 'source'], {
        ...common,
        LIFEBOAT_MOUNT_DATA: at('src'),
        LIFEBOAT_MOUNT_TMP: at('st'),
        LIFEBOAT_MOUNT_ROOT_SSH: at('ss'),
        DESTINATION_ADDRESS: address,
        DESTINATION_PORT: String(SSHD_PORT),
      });
      assert.equal(source.code, 0, source.log);
      assert.match(await readFile(at('ss/known_hosts'), 'utf8'), new RegExp(`^\\[${address.replaceAll('.', '\\.')}\\]:${SSHD_PORT} ssh-ed25519 `));
      const done = await destination;
      assert.equal(done.code, 0, done.log);
      assert.equal(await readFile(at('dst/hello.txt'), 'utf8'), 'over port 8022');
    } finally {
      // A destination left waiting (the source failed) is stopped through its own shutdown path.
      const pid = destinationEnded ? '' : await readFile(at('dt/sshd.pid'), 'utf8').catch(() => '');
      if (pid) process.kill(Number.parseInt(pid, 10), 'SIGTERM');
      await destination;
    }
  });
});

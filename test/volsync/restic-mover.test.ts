// The restic mover entrypoint (`lifeboat mover restic …`) run as a mover Job's container runs it,
// with the real restic, against repositories in temp dirs: what VolSync's entry.sh does and prints,
// retention on a series of snapshots made with an injected clock, restore selection, and failures
// turned into messages a user acts on.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readdir, rm, rename, writeFile, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { forgetOptions } from '../../src/volsync/movers/restic/forget-options.js';
import { resticFailureAnalyzer } from '../../src/volsync/movers/restic/failure.js';
import { describeTree, makeTree } from './tree.js';
import { runMover, runTool } from './mover-run.js';
import { waitFor } from '../support/wait.js';

interface Snapshot {
  short_id: string;
  time: string;
  hostname: string;
  paths: string[];
}

let root: string;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lifeboat-restic-mover-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A data directory, cache and temp dir, and the environment the controller would give the Job. */
async function workspace(name: string, overrides: Record<string, string> = {}) {
  const base = path.join(root, name);
  const dirs = { data: path.join(base, 'data'), cache: path.join(base, 'cache'), tmp: path.join(base, 'tmp'), repo: path.join(base, 'repo') };
  for (const d of [dirs.data, dirs.cache, dirs.tmp]) await mkdir(d, { recursive: true });
  const env = {
    TZ: 'UTC',
    TMPDIR: dirs.tmp,
    DATA_DIR: dirs.data,
    RESTIC_CACHE_DIR: dirs.cache,
    RESTIC_REPOSITORY: dirs.repo,
    RESTIC_PASSWORD: 'correct horse battery staple',
    PRIVILEGED_MOVER: '0',
    FORGET_OPTIONS: '--keep-last 1',
    RESTORE_AS_OF: '',
    SELECT_PREVIOUS: '0',
    RESTORE_OPTIONS: '',
    ...overrides,
  };
  return { ...dirs, env };
}

async function snapshots(env: Record<string, string>): Promise<Snapshot[]> {
  const r = await runTool('restic', ['snapshots', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Snapshot[];
}

/** Empties the data directory in place (the restore target must be the path that was backed up). */
async function emptyDir(dir: string, keepAs: string): Promise<void> {
  await rename(dir, keepAs);
  await mkdir(dir);
}

describe('restic mover', () => {
  it('backs a tree up on first use, initialising the repository, with host volsync and the data path', async () => {
    const w = await workspace('backup');
    await makeTree(w.data, { bigFileMiB: 8 });
    const run = await runMover(['restic', 'source'], w.env);
    assert.equal(run.code, 0, run.log);
    for (const line of [
      'Starting container',
      'backup',
      '== Checking directory for content ===',
      '=== Check for dir initialized ===',
      '=== Initialize Dir ===',
      '=== Starting backup ===',
      '=== Starting forget ===',
      '=== Done ===',
    ]) {
      assert.ok(run.lines.includes(line), `the log has "${line}":\n${run.log}`);
    }
    assert.match(run.log, /^snapshot [0-9a-f]{8} saved$/m);
    assert.match(run.log, /^Restic completed in \d+s$/m);
    const snaps = await snapshots(w.env);
    assert.equal(snaps.length, 1);
    assert.equal(snaps[0].hostname, 'volsync');
    assert.deepEqual(snaps[0].paths, [w.data]);

    // The second run finds the repository and adds a snapshot that forget then thins out.
    const again = await runMover(['restic', 'source'], { ...w.env, FORGET_OPTIONS: ' --keep-last 2' });
    assert.equal(again.code, 0, again.log);
    assert.ok(again.lines.includes('dir is initialized'));
    assert.ok(!again.lines.includes('=== Initialize Dir ==='));
    assert.equal((await snapshots(w.env)).length, 2);
  });

  it('restores the newest snapshot into the data directory byte for byte, with modes, owners, mtimes and the symlink', async () => {
    const w = await workspace('restore');
    await makeTree(w.data, { bigFileMiB: 8 });
    const expected = await describeTree(w.data, { dirTimes: true });
    assert.equal((await runMover(['restic', 'source'], w.env)).code, 0);
    await emptyDir(w.data, path.join(w.data, '..', 'original'));
    const run = await runMover(['restic', 'destination'], w.env);
    assert.equal(run.code, 0, run.log);
    assert.match(run.log, /^Selected restic snapshot with id: [0-9a-f]{8}$/m);
    assert.deepEqual(await describeTree(w.data, { dirTimes: true }), expected);
  });

  it('removes files the snapshot does not have only with enableFileDeletion (RESTORE_OPTIONS=--delete)', async () => {
    const w = await workspace('delete');
    await writeFile(path.join(w.data, 'kept.txt'), 'kept');
    assert.equal((await runMover(['restic', 'source'], w.env)).code, 0);
    await writeFile(path.join(w.data, 'extra.txt'), 'not in the snapshot');
    const keep = await runMover(['restic', 'destination'], w.env);
    assert.equal(keep.code, 0, keep.log);
    assert.equal(await readFile(path.join(w.data, 'extra.txt'), 'utf8'), 'not in the snapshot');
    const del = await runMover(['restic', 'destination'], { ...w.env, RESTORE_OPTIONS: '--delete' });
    assert.equal(del.code, 0, del.log);
    assert.ok(del.lines.includes('RESTORE_OPTIONS: --delete'));
    await assert.rejects(readFile(path.join(w.data, 'extra.txt')));
  });

  it('skips an empty volume, and restores nothing from an empty repository', async () => {
    const w = await workspace('empty');
    await mkdir(path.join(w.data, 'lost+found'));
    const run = await runMover(['restic', 'source', 'backup', 'prune'], w.env);
    assert.equal(run.code, 0, run.log);
    assert.ok(run.lines.includes('== Directory is empty skipping backup ==='));
    assert.ok(!run.lines.includes('=== Starting prune ==='), 'nothing runs after an empty directory');
    assert.doesNotMatch(run.log, /Restic completed in/);
    const restore = await runMover(['restic', 'destination'], w.env);
    assert.equal(restore.code, 0, restore.log);
    assert.ok(restore.lines.includes('=== Initialize Dir ==='), 'a missing repository is created (GitOps restores before any backup)');
    assert.ok(restore.lines.includes('No eligible snapshots found'));
    assert.ok(restore.lines.includes('=== No data will be restored ==='));
  });

  it('unlocks before and prunes after the backup when asked', async () => {
    const w = await workspace('unlock-prune');
    await writeFile(path.join(w.data, 'f'), 'x');
    const run = await runMover(['restic', 'source', 'unlock', 'backup', 'prune'], w.env);
    assert.equal(run.code, 0, run.log);
    const at = (line: string) => run.lines.indexOf(line);
    assert.ok(at('=== Starting unlock ===') >= 0 && at('=== Starting unlock ===') < at('=== Starting backup ==='));
    assert.ok(at('No repo, ignoring unlock error') > at('=== Starting unlock ==='), 'unlocking a repository that does not exist yet is fine');
    assert.ok(at('=== Starting prune ===') > at('=== Starting forget ==='));
  });

  it('reports a repository locked by another restic as entry.sh does, though its repository check takes no lock', async () => {
    const w = await workspace('locked');
    await writeFile(path.join(w.data, 'f'), 'x');
    assert.equal((await runMover(['restic', 'source'], w.env)).code, 0);
    await leaveStaleExclusiveLock(w.env, w.repo);
    const run = await runMover(['restic', 'source'], w.env);
    assert.equal(run.code, 3, run.log);
    assert.ok(run.lines.includes('dir is initialized'), `the repository check reads the config without a lock:\n${run.log}`);
    assert.ok(run.lines.includes('ERROR: failure locking repository'), run.log);
    assert.match(explain(run.lines, 'restic-config'), /^the restic repository is locked by another restic process/);
    const unlocked = await runMover(['restic', 'source', 'unlock', 'backup'], w.env);
    assert.equal(unlocked.code, 0, unlocked.log);
    assert.equal((await snapshots(w.env)).length, 1, 'forget kept the last snapshot only');
  });

  it('keeps what the retention policy says on a series of snapshots made with an injected clock', async () => {
    const w = await workspace('retention');
    await writeFile(path.join(w.data, 'f'), 'x');
    assert.equal((await runTool('restic', ['init'], w.env)).code, 0);
    const times = [
      ...[10, 11, 12, 13, 14, 15, 16, 17].map((h) => `2024-05-10 ${h}:00:00`),
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `2024-05-0${d} 12:00:00`),
      '2024-04-01 09:00:00',
      '2024-04-08 09:00:00',
      '2024-04-15 09:00:00',
      '2024-04-22 09:00:00',
      '2024-01-15 09:00:00',
      '2024-02-15 09:00:00',
      '2024-03-15 09:00:00',
      '2023-06-15 09:00:00',
      '2022-06-15 09:00:00',
    ];
    for (const time of times) {
      const r = await runTool('restic', ['backup', '--host', 'volsync', '--time', time, '.'], w.env, w.data);
      assert.equal(r.code, 0, r.stderr);
    }
    // The documentation's policy, as the controller passes it.
    const run = await runMover(['restic', 'source'], { ...w.env, FORGET_OPTIONS: forgetOptions({ hourly: 6, daily: 5, weekly: 4, monthly: 2, yearly: 1 }) });
    assert.equal(run.code, 0, run.log);
    const kept = (await snapshots(w.env)).map((s) => s.time.slice(0, 19).replace('T', ' ')).sort();
    const injected = kept.filter((t) => t < '2025');
    // The mover's own snapshot (now) takes this hour, day, week, month and year; then the newest
    // per hour (5 more), per day (3 more), per ISO week (2 more) of the series.
    assert.deepEqual(injected, [
      '2024-04-22 09:00:00',
      '2024-05-05 12:00:00',
      '2024-05-07 12:00:00',
      '2024-05-08 12:00:00',
      '2024-05-09 12:00:00',
      '2024-05-10 13:00:00',
      '2024-05-10 14:00:00',
      '2024-05-10 15:00:00',
      '2024-05-10 16:00:00',
      '2024-05-10 17:00:00',
    ]);
    assert.equal(kept.length, injected.length + 1);
  });

  it('picks the snapshot by restoreAsOf and previous', async () => {
    const w = await workspace('select');
    assert.equal((await runTool('restic', ['init'], w.env)).code, 0);
    for (const [version, time] of [
      ['v1', '2024-05-01 10:00:00'],
      ['v2', '2024-05-02 10:00:00'],
      ['v3', '2024-05-03 10:00:00'],
    ]) {
      await writeFile(path.join(w.data, 'version'), version);
      assert.equal((await runTool('restic', ['backup', '--host', 'volsync', '--time', time, '.'], w.env, w.data)).code, 0);
    }
    const restored = async (overrides: Record<string, string>): Promise<string | undefined> => {
      await rm(path.join(w.data, 'version'), { force: true });
      const run = await runMover(['restic', 'destination'], { ...w.env, ...overrides });
      assert.equal(run.code, 0, run.log);
      return readFile(path.join(w.data, 'version'), 'utf8').catch(() => undefined);
    };
    assert.equal(await restored({}), 'v3');
    assert.equal(await restored({ SELECT_PREVIOUS: '1' }), 'v2');
    assert.equal(await restored({ RESTORE_AS_OF: '2024-05-02T23:00:00Z' }), 'v2');
    assert.equal(await restored({ RESTORE_AS_OF: '2024-05-02T09:59:59Z' }), 'v1');
    assert.equal(await restored({ RESTORE_AS_OF: '2024-05-02T23:00:00Z', SELECT_PREVIOUS: '1' }), 'v1');
    assert.equal(await restored({ RESTORE_AS_OF: '2024-04-30T00:00:00Z' }), undefined);
  });

  it('fails on a wrong password with exit code 3, and the message names the repository Secret', async () => {
    const w = await workspace('password');
    await writeFile(path.join(w.data, 'f'), 'x');
    assert.equal((await runMover(['restic', 'source'], w.env)).code, 0);
    const run = await runMover(['restic', 'source'], { ...w.env, RESTIC_PASSWORD: 'wrong' });
    assert.equal(run.code, 3, run.log);
    assert.match(run.log, /wrong password or no key found/);
    assert.ok(run.lines.includes('ERROR: failure checking existence of repository'));
    assert.doesNotMatch(run.log, /correct horse/, 'the password never reaches the log');
    assert.match(explain(run.lines, 'restic-config'), /^the restic repository password in Secret "restic-config" \(key RESTIC_PASSWORD\) is wrong/);
  });

  it('fails when the repository is unreachable, in words that say so', async () => {
    const port = await closedPort();
    const w = await workspace('unreachable', { RESTIC_REPOSITORY: `rest:http://127.0.0.1:${port}/repo` });
    await writeFile(path.join(w.data, 'f'), 'x');
    const run = await runMover(['restic', 'source'], w.env);
    assert.notEqual(run.code, 0, run.log);
    assert.match(
      explain(run.lines, 'restic-config'),
      /^cannot reach the restic repository named in Secret "restic-config" \(key RESTIC_REPOSITORY\): .*connection refused/,
    );
  });

  it('checks its environment and operations as entry.sh does', async () => {
    const w = await workspace('env');
    const { RESTIC_PASSWORD: _omitted, ...withoutPassword } = w.env;
    const missing = await runMover(['restic', 'source'], withoutPassword);
    assert.equal(missing.code, 1);
    assert.ok(missing.lines.includes('ERROR: RESTIC_PASSWORD must be defined'), missing.log);
    await writeFile(path.join(w.data, 'f'), 'x');
    const unknown = await runMover(['restic', 'source', 'backup', 'explode'], w.env);
    assert.equal(unknown.code, 2);
    assert.ok(unknown.lines.includes('ERROR: unknown operation: explode'), unknown.log);
  });
});

function explain(lines: string[], secret: string): string {
  const analyzer = resticFailureAnalyzer(secret, true);
  for (const line of lines) analyzer.observe(line);
  return analyzer.message();
}

/**
 * Leaves the exclusive lock of a `restic prune` killed mid-run, as an OOM-killed mover leaves one:
 * restic waits 200 ms after writing its lock before it goes on, time enough to see it and kill.
 */
async function leaveStaleExclusiveLock(env: Record<string, string>, repo: string): Promise<void> {
  const locks = path.join(repo, 'locks');
  // restic writes a lock under a temporary name first, then renames it to its ID.
  const hasLock = async () => (await readdir(locks)).some((name) => /^[0-9a-f]{64}$/.test(name));
  await waitFor(
    'a stale exclusive lock',
    async () => {
      const prune = spawn('restic', ['prune'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...env }, stdio: 'ignore' });
      const ended = new Promise((resolve) => prune.on('close', resolve));
      await waitFor('restic prune to lock the repository or end', async () => (await hasLock()) || prune.exitCode !== null || undefined, 30_000, 2);
      prune.kill('SIGKILL');
      await ended;
      return (await hasLock()) || undefined;
    },
    60_000,
    0,
  );
}

/** A local port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

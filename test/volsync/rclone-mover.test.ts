// The rclone mover entrypoint (`lifeboat mover rclone …`) with the real rclone, getfacl and
// setfacl and a `type = local` remote: the source uploads the volume and its permissions listing,
// the destination mirrors it back with owners and modes; failures become messages a user acts on.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdtemp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rcloneFailureAnalyzer } from '../../src/volsync/movers/rclone/failure.js';
import { describeTree, makeTree } from './tree.js';
import { runMover } from './mover-run.js';

let root: string;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lifeboat-rclone-mover-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function workspace(name: string, section = 'backup-store') {
  const base = path.join(root, name);
  const dirs = { data: path.join(base, 'data'), tmp: path.join(base, 'tmp'), remote: path.join(base, 'remote'), config: path.join(base, 'rclone.conf') };
  for (const d of [dirs.data, dirs.tmp, dirs.remote]) await mkdir(d, { recursive: true });
  await writeFile(dirs.config, `[${section}]\ntype = local\n`, { mode: 0o600 });
  const env = {
    TMPDIR: dirs.tmp,
    RCLONE_CONFIG: dirs.config,
    RCLONE_DEST_PATH: path.join(dirs.remote, 'bucket/mydata'),
    DIRECTION: 'source',
    MOUNT_PATH: dirs.data,
    RCLONE_CONFIG_SECTION: 'backup-store',
    PRIVILEGED_MOVER: '0',
  };
  return { ...dirs, env };
}

/** rclone keeps file mtimes but not directory mtimes, and skips symlinks (as VolSync's mover does). */
const compare = { skip: (rel: string) => rel === 'link-to-a' };

describe('rclone mover', () => {
  it('uploads the volume and a permissions listing, then mirrors it into an empty destination with owners and modes', async () => {
    const w = await workspace('roundtrip');
    await makeTree(w.data, { bigFileMiB: 2 });
    // Only root can give a file to someone else (the listing then has the bare uid).
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await chown(path.join(w.data, 'run.sh'), 1234, 5678);
    const expected = await describeTree(w.data, compare);
    const up = await runMover(['rclone', 'source'], w.env);
    assert.equal(up.code, 0, up.log);
    assert.match(up.log, /^Transferred:\s/m);
    assert.match(up.log, /^Rclone completed in \d+s$/m);
    const remote = path.join(w.remote, 'bucket/mydata');
    assert.ok((await readdir(remote)).includes('permissions.facl'));
    assert.match(await readFile(path.join(remote, 'permissions.facl'), 'utf8'), asRoot ? /# owner: 1234/ : /# owner: /);

    // The destination mounts its volume where the source had its own (/data in both pods).
    await rename(w.data, path.join(w.data, '..', 'source-data'));
    await mkdir(w.data);
    await writeFile(path.join(w.data, 'stale.txt'), 'not on the source: sync removes it');
    const down = await runMover(['rclone', 'destination'], { ...w.env, DIRECTION: 'destination', TMPDIR: await freshTmp(w.tmp) });
    assert.equal(down.code, 0, down.log);
    assert.deepEqual(await describeTree(w.data, compare), expected);
  });

  it('mirrors the volume on the remote: a file deleted from the volume leaves the remote too', async () => {
    const w = await workspace('mirror');
    await writeFile(path.join(w.data, 'one'), '1');
    await writeFile(path.join(w.data, 'two'), '2');
    assert.equal((await runMover(['rclone', 'source'], w.env)).code, 0);
    await rm(path.join(w.data, 'two'));
    assert.equal((await runMover(['rclone', 'source'], w.env)).code, 0);
    assert.deepEqual((await readdir(path.join(w.remote, 'bucket/mydata'))).sort(), ['one', 'permissions.facl']);
  });

  it('names a missing remote section in the config Secret', async () => {
    const w = await workspace('section', 'another-remote');
    await writeFile(path.join(w.data, 'f'), 'x');
    const run = await runMover(['rclone', 'source'], w.env);
    assert.notEqual(run.code, 0, run.log);
    assert.equal(
      explain(run.lines, true),
      'rclone.conf in Secret "rclone-secret" has no remote [backup-store] (spec.rclone.rcloneConfigSection): add that section or name an existing one',
    );
  });

  it('tells a destination that nothing was replicated yet', async () => {
    const w = await workspace('nothing-yet');
    const run = await runMover(['rclone', 'destination'], { ...w.env, DIRECTION: 'destination' });
    assert.notEqual(run.code, 0, run.log);
    assert.match(explain(run.lines, false, w.env.RCLONE_DEST_PATH), /^nothing has been replicated to "backup-store:.*bucket\/mydata" yet/);
  });

  it('checks its environment as active.sh does', async () => {
    const w = await workspace('env');
    const { RCLONE_DEST_PATH: _omitted, ...env } = w.env;
    const run = await runMover(['rclone', 'source'], env);
    assert.equal(run.code, 1);
    assert.ok(run.lines.includes('error: RCLONE_DEST_PATH must be defined'), run.log);
  });
});

function explain(lines: string[], isSource: boolean, destPath = 'bucket/mydata'): string {
  const analyzer = rcloneFailureAnalyzer({ configSecret: 'rclone-secret', section: 'backup-store', destPath, isSource });
  for (const line of lines) analyzer.observe(line);
  return analyzer.message();
}

async function freshTmp(old: string): Promise<string> {
  const dir = `${old}-2`;
  await mkdir(dir, { recursive: true });
  return dir;
}

// A volume with what rsync replication must carry byte for byte: owners, modes, ACLs, extended
// attributes, hard links, a sparse file, relative and absolute symlinks; and its description,
// including what describeTree leaves out (link counts, allocated blocks, ACLs, xattrs).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeTree, makeTree } from '../volsync/tree.js';
import { runTool } from '../volsync/mover-run.js';

export async function makeRsyncTree(dir: string): Promise<void> {
  await makeTree(dir);
  const at = (p: string): string => path.join(dir, p);
  await fs.writeFile(at('owned.txt'), 'owned by someone else');
  await fs.chown(at('owned.txt'), 1234, 5678);
  await fs.link(at('docs/a.txt'), at('hard-link-to-a'));
  const sparse = await fs.open(at('sparse.img'), 'w');
  await sparse.write('start', 0);
  await sparse.write('end', 64 * 1024 * 1024);
  await sparse.close();
  await fs.symlink('/etc/hostname', at('absolute-link'));
  await fs.symlink('../README.txt', at('docs/relative-link'));
  await fs.writeFile(at('acl.txt'), 'with an ACL');
  await mustRun('setfacl', ['-m', 'u:4321:rw-', at('acl.txt')]);
  await fs.writeFile(at('to-be-deleted.txt'), 'gone on the next sync');
  await fs.writeFile(at('xattr.txt'), 'with extended attributes');
  await mustRun('setfattr', ['-n', 'user.lifeboat.colour', '-v', 'blue', at('xattr.txt')]);
  await mustRun('setfattr', ['-n', 'user.lifeboat.binary', '-v', '0x00ff10', at('xattr.txt')]);
  await fs.mkdir(at('xattr-dir'));
  await mustRun('setfattr', ['-n', 'user.lifeboat.dir', '-v', 'kept', at('xattr-dir')]);
  // Only root may set trusted.*: the movers run as root here, as privileged movers do.
  if (process.getuid?.() === 0) await mustRun('setfattr', ['-n', 'trusted.lifeboat', '-v', 'root only', at('xattr-dir')]);
}

/** The entries whose `user.*` and `trusted.*` attributes are compared. */
const XATTR_ENTRIES = ['xattr.txt', 'xattr-dir'];

/** Changes an attribute's value and removes another, for the next sync to carry over. */
export async function changeXattrs(dir: string): Promise<void> {
  await mustRun('setfattr', ['-n', 'user.lifeboat.colour', '-v', 'green', path.join(dir, 'xattr.txt')]);
  await mustRun('setfattr', ['-x', 'user.lifeboat.dir', path.join(dir, 'xattr-dir')]);
}

async function mustRun(command: string, args: string[]): Promise<string> {
  const r = await runTool(command, args, {});
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Everything that must match between source and destination. */
export async function describeRsyncTree(dir: string): Promise<unknown> {
  const tree = await describeTree(dir, { skip: (rel) => rel === 'lost+found' });
  const at = (p: string): string => path.join(dir, p);
  const hard = await fs.stat(at('docs/a.txt'));
  const hardTwin = await fs.stat(at('hard-link-to-a'));
  const sparse = await fs.stat(at('sparse.img'));
  const acl = await mustRun('getfacl', ['-cp', at('acl.txt')]);
  // Names and values, hex-encoded.
  const xattrs: Record<string, string> = {};
  for (const rel of XATTR_ENTRIES)
    xattrs[rel] = await mustRun('getfattr', ['--absolute-names', '-d', '-e', 'hex', '-m', '^(user|trusted)\\.', at(rel)]).then(dropFileLine);
  return {
    tree,
    hardLinked: hard.ino === hardTwin.ino && hard.nlink === 2,
    // Holes stay holes: far fewer blocks than bytes.
    sparse: sparse.blocks * 512 < sparse.size / 16,
    acl,
    xattrs,
  };
}

/** getfattr's `# file: <path>` header differs between source and destination. */
const dropFileLine = (dump: string): string => dump.replace(/^# file: .*\n/m, '');

// A volume with what rsync replication must carry byte for byte: owners, modes, ACLs, hard links, a sparse file, relative and absolute symlinks; and its description,
// including what describeTree leaves out (link counts, allocated blocks, ACLs). VolSync's rsync
// flags (-aAhHSxz) carry no extended attributes, so neither do these movers.
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
  return {
    tree,
    hardLinked: hard.ino === hardTwin.ino && hard.nlink === 2,
    // Holes stay holes: far fewer blocks than bytes.
    sparse: sparse.blocks * 512 < sparse.size / 16,
    acl,
  };
}

// Builds a directory tree with every kind of metadata a volume copy must keep, and describes a
// tree so that two can be compared: types, modes, owners, times, symlinks, hard links, holes,
// extended attributes and ACLs.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export const hasCommand = (name: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const OLD = new Date('2021-01-02T03:04:05Z');
export const SPARSE_BYTES = 64 * 1024 * 1024;

/** The tree the copy tests replicate; extended attributes and ACLs when the tools are there. */
export async function buildTree(root: string, asRoot: boolean): Promise<void> {
  await fs.mkdir(path.join(root, 'sub', 'dir'), { recursive: true });
  const file = path.join(root, 'sub', 'dir', 'file.txt');
  await fs.writeFile(file, 'the original content\n');
  await fs.chmod(file, 0o640);
  await fs.link(file, path.join(root, 'sub', 'hard'));
  await fs.symlink('sub/dir/file.txt', path.join(root, 'link'));
  const sparse = await fs.open(path.join(root, 'sparse.img'), 'w');
  await sparse.truncate(SPARSE_BYTES);
  await sparse.write(Buffer.from('end'), 0, 3, SPARSE_BYTES - 3);
  await sparse.close();
  if (hasCommand('python3')) execFileSync('python3', ['-c', 'import os,sys; os.setxattr(sys.argv[1], "user.lifeboat", b"kept")', file]);
  if (hasCommand('setfacl')) execFileSync('setfacl', ['-m', 'u:nobody:r', file]);
  if (asRoot) await fs.lchown(file, 1234, 5678);
  await fs.chmod(path.join(root, 'sub', 'dir'), 0o750);
  for (const p of [file, path.join(root, 'sparse.img'), path.join(root, 'sub', 'dir'), path.join(root, 'sub')]) await fs.utimes(p, OLD, OLD);
  await fs.lutimes(path.join(root, 'link'), OLD, OLD);
}

export interface Entry {
  path: string;
  type: string;
  mode: string;
  owner: string;
  mtimeNs: string;
  size: number;
  target?: string;
  /** The first path of the same inode, for hard links. */
  sameAs?: string;
  /** Allocated bytes, for files with holes. */
  allocatedBelow1MiB?: boolean;
  xattrs?: string;
  acl?: string;
}

export async function describeTree(root: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  const inodes = new Map<bigint, string>();
  const walk = async (rel: string): Promise<void> => {
    const full = path.join(root, rel);
    const st = await fs.lstat(full, { bigint: true });
    const type = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : 'other';
    const entry: Entry = {
      path: rel || '.',
      type,
      mode: (Number(st.mode) & 0o7777).toString(8),
      owner: `${st.uid}:${st.gid}`,
      mtimeNs: type === 'dir' && rel === '' ? '' : st.mtimeNs.toString(),
      size: type === 'dir' ? 0 : Number(st.size),
    };
    if (type === 'link') entry.target = await fs.readlink(full);
    if (type === 'file') {
      const first = inodes.get(st.ino);
      if (first) entry.sameAs = first;
      else inodes.set(st.ino, entry.path);
      if (Number(st.size) >= SPARSE_BYTES) entry.allocatedBelow1MiB = Number(st.blocks) * 512 < 1024 * 1024;
      if (hasCommand('python3')) {
        entry.xattrs = execFileSync('python3', ['-c', 'import os,sys; print(sorted((n, os.getxattr(sys.argv[1], n)) for n in os.listxattr(sys.argv[1]) if n.startswith("user.")))', full], {
          encoding: 'utf8',
        }).trim();
      }
      if (hasCommand('getfacl')) entry.acl = execFileSync('getfacl', ['-c', '-p', full], { encoding: 'utf8' }).trim();
    }
    entries.push(entry);
    if (type === 'dir') for (const name of (await fs.readdir(full)).sort()) await walk(path.join(rel, name));
  };
  await walk('');
  return entries;
}

// A test directory tree with what replication must carry (nested directories, a symlink, modes,
// mtimes, optionally a large file), and a description of a tree to compare two of them.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

export interface Entry {
  type: 'file' | 'dir' | 'symlink';
  mode: number;
  uid: number;
  gid: number;
  /** Whole milliseconds; directories only when `dirTimes`. */
  mtimeMs?: number;
  size?: number;
  sha256?: string;
  target?: string;
}

const MiB = 1024 * 1024;

/** Writes the tree under `dir` (which must exist). */
export async function makeTree(dir: string, opts: { bigFileMiB?: number } = {}): Promise<void> {
  const at = (p: string): string => path.join(dir, p);
  await fs.mkdir(at('docs/nested/deeper'), { recursive: true });
  await fs.mkdir(at('empty-dir'));
  await fs.writeFile(at('README.txt'), 'the tree Lifeboat replicates\n');
  await fs.writeFile(at('docs/a.txt'), 'alpha\n'.repeat(1000));
  await fs.writeFile(at('docs/nested/b.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256)));
  await fs.writeFile(at('docs/nested/deeper/c.txt'), 'gamma');
  await fs.writeFile(at('secret.key'), 'not really secret');
  await fs.chmod(at('secret.key'), 0o600);
  await fs.writeFile(at('run.sh'), '#!/bin/sh\necho hi\n');
  await fs.chmod(at('run.sh'), 0o750);
  await fs.chmod(at('docs/nested'), 0o711);
  await fs.symlink('docs/a.txt', at('link-to-a'));
  if (opts.bigFileMiB) {
    const chunk = Buffer.alloc(MiB);
    const handle = await fs.open(at('big.dat'), 'w');
    try {
      for (let i = 0; i < opts.bigFileMiB; i++) {
        chunk.fill(i % 251);
        chunk.writeUInt32LE(i, 0);
        await handle.write(chunk);
      }
    } finally {
      await handle.close();
    }
  }
  // Distinct, old mtimes: a copy that does not keep them shows.
  const stamp = new Date('2021-03-04T05:06:07.891Z');
  for (const p of [
    'README.txt',
    'docs/a.txt',
    'docs/nested/b.bin',
    'docs/nested/deeper/c.txt',
    'secret.key',
    'run.sh',
    ...(opts.bigFileMiB ? ['big.dat'] : []),
  ]) {
    await fs.utimes(at(p), stamp, stamp);
  }
}

/** Every entry below `dir` by relative path. */
export async function describeTree(dir: string, opts: { dirTimes?: boolean; skip?: (rel: string) => boolean } = {}): Promise<Record<string, Entry>> {
  const out: Record<string, Entry> = {};
  async function walk(rel: string): Promise<void> {
    for (const name of (await fs.readdir(path.join(dir, rel))).sort()) {
      const childRel = rel ? `${rel}/${name}` : name;
      if (opts.skip?.(childRel)) continue;
      const full = path.join(dir, childRel);
      const st = await fs.lstat(full);
      const base = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
      if (st.isSymbolicLink()) out[childRel] = { type: 'symlink', ...base, target: await fs.readlink(full) };
      else if (st.isDirectory()) {
        out[childRel] = { type: 'dir', ...base, ...(opts.dirTimes ? { mtimeMs: Math.floor(st.mtimeMs) } : {}) };
        await walk(childRel);
      } else out[childRel] = { type: 'file', ...base, mtimeMs: Math.floor(st.mtimeMs), size: st.size, sha256: await sha256(full) };
    }
  }
  await walk('');
  return out;
}

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// Directory trees as volume content: copied with everything a filesystem records (modes, owners,
// times, symlinks, hard links, holes, ACLs and extended attributes), measured as a disk would, and
// removed even where the content made itself read-only.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Copies `source` to `target`, which must not exist yet. */
export async function copyTree(source: string, target: string): Promise<void> {
  try {
    await run('cp', ['-a', '--sparse=always', '--reflink=auto', '--no-target-directory', source, target], { maxBuffer: 1 << 20 });
  } catch (err) {
    throw new Error(`copying ${source} failed: ${commandError(err)}`);
  }
}

/** A new empty volume root, as a fresh filesystem's root directory is: mode 0755. */
export async function createEmptyTree(target: string): Promise<void> {
  await fs.mkdir(target);
  await fs.chmod(target, 0o755);
}

/** Gives a prepared tree its final name (atomic) and makes the rename durable. */
export async function publishTree(staging: string, target: string): Promise<void> {
  await fs.rename(staging, target);
  const dir = await fs.open(path.dirname(target), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export async function removeTree(target: string): Promise<void> {
  try {
    await fs.rm(target, { recursive: true, force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EACCES') throw err;
    // Directories without write permission stop a non-root removal; the tree is ours to remove.
    await run('chmod', ['-R', 'u+rwx', target]).catch(() => undefined);
    await fs.rm(target, { recursive: true, force: true });
  }
}

export async function treeExists(target: string): Promise<boolean> {
  try {
    return (await fs.lstat(target)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Bytes a tree occupies on disk (allocated blocks; hard links once; holes free), as `du` counts
 * them: what a filesystem of the volume's capacity would have to hold. Undefined when it is absent.
 */
export async function diskUsage(target: string): Promise<number | undefined> {
  if (!(await treeExists(target))) return undefined;
  let stdout: string;
  try {
    ({ stdout } = await run('du', ['-s', '-B1', target], { maxBuffer: 1 << 20 }));
  } catch (err) {
    // Files that vanish during the walk make du fail, but it still prints the total.
    stdout = (err as { stdout?: string }).stdout ?? '';
  }
  const bytes = Number(stdout.split('\t')[0]);
  return Number.isFinite(bytes) && stdout !== '' ? bytes : undefined;
}

function commandError(err: unknown): string {
  const stderr = (err as { stderr?: string }).stderr?.trim();
  return stderr || (err as Error).message;
}

// `restic restore --delete` (restic 0.17+) for older restic binaries: after the restore, remove
// what the data directory holds that the snapshot does not, so enableFileDeletion means the same
// whatever restic the mover image or the machine has.
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Paths of a `restic ls --json <id>` listing, relative to the restore target (`/a`, `/a/b`). */
export function snapshotPaths(lsJsonLines: string): Set<string> {
  const paths = new Set<string>();
  for (const line of lsJsonLines.split('\n')) {
    if (!line.startsWith('{')) continue;
    const node = JSON.parse(line) as { struct_type?: string; path?: string };
    if (node.struct_type === 'node' && node.path) paths.add(node.path);
  }
  return paths;
}

/** Deletes every entry below `dir` not in `keep`; `lost+found` at the top is the filesystem's, not the data's. */
export async function deleteEntriesNotIn(dir: string, keep: ReadonlySet<string>, rel = ''): Promise<number> {
  let removed = 0;
  for (const entry of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const childRel = `${rel}/${entry.name}`;
    if (childRel === '/lost+found') continue;
    const full = path.join(dir, childRel);
    if (!keep.has(childRel)) {
      await fs.rm(full, { recursive: true, force: true });
      removed++;
    } else if (entry.isDirectory()) removed += await deleteEntriesNotIn(dir, keep, childRel);
  }
  return removed;
}

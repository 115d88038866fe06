import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A new directory under the system's temp dir, named `lifeboat-<what>-…`. */
export function tempDir(what: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `lifeboat-${what}-`));
}

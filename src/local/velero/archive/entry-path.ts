/** An archive entry whose path could land outside the directory it is extracted into. */
export class UnsafeEntryPathError extends Error {
  constructor(
    readonly entryPath: string,
    reason: string,
  ) {
    super(`unsafe path in backup archive ${JSON.stringify(entryPath)}: ${reason}`);
    this.name = 'UnsafeEntryPathError';
  }
}

/**
 * The canonical form of an entry path: a leading `./` (other tar writers add it) is dropped;
 * absolute paths, `..` segments, backslashes and NUL bytes are refused, since readers create
 * parent directories from these paths as Velero's extractor does.
 */
export function normaliseEntryPath(entryPath: string): string {
  let p = entryPath;
  while (p.startsWith('./')) p = p.slice(2);
  validateEntryPath(p, entryPath);
  return p;
}

export function validateEntryPath(p: string, original: string = p): void {
  if (p === '') throw new UnsafeEntryPathError(original, 'empty path');
  if (p.startsWith('/')) throw new UnsafeEntryPathError(original, 'absolute path');
  if (p.includes('\0')) throw new UnsafeEntryPathError(original, 'NUL byte');
  if (p.includes('\\')) throw new UnsafeEntryPathError(original, 'backslash');
  for (const segment of p.split('/')) {
    if (segment === '..') throw new UnsafeEntryPathError(original, '".." segment');
    if (segment === '' || segment === '.') throw new UnsafeEntryPathError(original, 'empty or "." segment');
  }
}

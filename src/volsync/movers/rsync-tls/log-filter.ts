// The lines of a successful rsync-TLS run that latestMoverStatus keeps (volsync.md §2.9): the
// rsync summary lines, unanchored.
const KEEP = /(sent)\s.+(bytes)\s.+(received)\s.+(bytes)|total size|rsync completed in/;

export function rsyncTlsSuccessLine(line: string): boolean {
  return KEEP.test(line);
}

/** A failed run keeps the summary lines, rsync's own lines, and any line that says fail or error (§2.9). */
const KEEP_ON_FAILURE = /^\s*(rsync|diskrsync)|fail|error/i;

export function rsyncTlsFailureLine(line: string): boolean {
  return KEEP.test(line) || KEEP_ON_FAILURE.test(line);
}

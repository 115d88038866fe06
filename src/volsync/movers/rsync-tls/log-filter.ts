// The lines of a successful rsync-TLS run that latestMoverStatus keeps (volsync.md §2.9): the
// rsync summary lines, unanchored.
const KEEP = /(sent)\s.+(bytes)\s.+(received)\s.+(bytes)|total size|rsync completed in/;

export function rsyncTlsSuccessLine(line: string): boolean {
  return KEEP.test(line);
}

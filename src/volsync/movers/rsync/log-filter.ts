// The lines of a successful rsync-over-ssh run that latestMoverStatus keeps (volsync.md §2.9).
const KEEP = /^\s*(sent)\s.+(bytes)\s.+(received)\s.+(bytes)|^\s*(total size)|^\s*(Rsync completed in)/;

export function rsyncSuccessLine(line: string): boolean {
  return KEEP.test(line);
}

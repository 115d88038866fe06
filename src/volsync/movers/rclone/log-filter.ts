// The lines of a successful rclone run that latestMoverStatus keeps (volsync.md §2.9).
const KEEP = /^\s*([tT]ransferred:)|^\s*([cC]hecks:)|^\s*([dD]eleted:)|^\s*([eE]lapsed time:)|^\s*(Rclone completed in)/;

export function rcloneSuccessLine(line: string): boolean {
  return KEEP.test(line);
}

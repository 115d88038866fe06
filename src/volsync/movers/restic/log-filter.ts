// The lines of a successful restic run that latestMoverStatus keeps (volsync.md §2.9).
const KEEP = new RegExp(
  [
    '^\\s*([pP]rocessed)\\s.+([fF]iles)',
    '^\\s*([sS]napshot)\\s.+([sS]aved)',
    '^\\s*(No eligible)',
    '(No data)',
    '(Directory is empty)',
    '^\\s*([cC]reated)',
    '^\\s*([rR]epository)\\s.+([oO]pened)',
    '^\\s*([rR]estoring)',
    '^\\s*([nN]o parent snapshot)',
    '^\\s*([uU]sing parent snapshot)',
    '^\\s*([aA]dded to the repository)',
    '^\\s*([sS]uccessfully)',
    '(RESTORE_OPTIONS)',
    '([iI]nitialize [dD]ir)',
    '^\\s*([fF]atal)',
    '^\\s*(ERROR)',
    '^\\s*([rR]estic completed in)',
  ].join('|'),
);

export function resticSuccessLine(line: string): boolean {
  return KEEP.test(line);
}

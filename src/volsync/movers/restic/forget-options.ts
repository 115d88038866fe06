// FORGET_OPTIONS from spec.restic.retain (volsync.md §3.3): the set fields in a fixed order, each
// preceded by a space; `--keep-last 1` when there is no policy.
import type { ResticRetainPolicy } from '../../../api/volsync/index.js';

const DEFAULT_FORGET = '--keep-last 1';

export function forgetOptions(policy: ResticRetainPolicy | undefined): string {
  if (!policy) return DEFAULT_FORGET;
  let options = '';
  const counts: [string, number | undefined][] = [
    ['--keep-hourly', policy.hourly],
    ['--keep-daily', policy.daily],
    ['--keep-weekly', policy.weekly],
    ['--keep-monthly', policy.monthly],
    ['--keep-yearly', policy.yearly],
  ];
  for (const [flag, value] of counts) if (value !== undefined && value !== null) options += ` ${flag} ${value}`;
  if (policy.within !== undefined && policy.within !== null) options += ` --keep-within ${policy.within}`;
  if (policy.last !== undefined && policy.last !== null) options += ` --keep-last ${policy.last}`;
  return options || DEFAULT_FORGET;
}

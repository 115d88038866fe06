// TTL of the validation schedule's backups (hub-backup.md §2.3.1): one cron interval plus five
// minutes, so the last validation backup expires soon after the cron stops running.
import { formatDuration } from '../../util/duration.js';
import { parseCron } from '../../util/cron.js';

const GRACE_MS = 5 * 60_000;
const FALLBACK_MS = 60 * 60_000;

export function validationTtlMs(cron: string, nowMs: number): number {
  try {
    const schedule = parseCron(cron);
    const n1 = schedule.next(new Date(nowMs));
    const n2 = n1 ? schedule.next(n1) : null;
    if (!n1 || !n2) return FALLBACK_MS;
    return n2.getTime() - n1.getTime() + GRACE_MS;
  } catch {
    return FALLBACK_MS;
  }
}

/** Go's Duration string, e.g. `1h5m0s`, `24h5m0s`, `15m0s`. */
export const validationTtl = (cron: string, nowMs: number): string => formatDuration(validationTtlMs(cron, nowMs));

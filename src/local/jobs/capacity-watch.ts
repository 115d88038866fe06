// A directory has no size limit, so a claim's capacity is enforced by watching: while a process
// may write to claims, their trees are measured periodically, and the first one found larger than
// its capacity stops the process, as a full filesystem would have stopped its writes.
import { diskUsage } from '../volumes/tree.js';
import type { ClaimUsage } from './pod-volumes.js';

export interface VolumeFull {
  claim: ClaimUsage;
  usedBytes: number;
  capacityBytes: number;
}

/** The pod-log line for a process stopped this way. */
export function volumeFullMessage(full: VolumeFull): string {
  return `No space left on device: the volume of PersistentVolumeClaim ${full.claim.namespace}/${full.claim.name} is full: ${full.usedBytes} bytes used, capacity ${full.capacityBytes} bytes`;
}

type Limited = ClaimUsage & { capacityBytes: number };

function limited(claims: ClaimUsage[]): Limited[] {
  return claims.filter((c): c is Limited => c.capacityBytes !== undefined);
}

/** The first claim whose tree is larger than its capacity, if any (one measurement of each). */
export async function findFullVolume(claims: ClaimUsage[], stopped: () => boolean = () => false): Promise<VolumeFull | undefined> {
  for (const claim of limited(claims)) {
    const used = await diskUsage(claim.dir);
    if (stopped()) return undefined;
    if (used !== undefined && used > claim.capacityBytes) return { claim, usedBytes: used, capacityBytes: claim.capacityBytes };
  }
  return undefined;
}

/** Starts watching; returns the function that stops it. `onFull` is called at most once. */
export function watchCapacity(claims: ClaimUsage[], intervalMs: number, onFull: (full: VolumeFull) => void): () => void {
  if (limited(claims).length === 0) return () => undefined;
  let stopped = false;
  let busy = false;
  const check = async (): Promise<void> => {
    if (busy || stopped) return;
    busy = true;
    try {
      const full = await findFullVolume(claims, () => stopped);
      if (full && !stopped) {
        stopped = true;
        clearInterval(timer);
        onFull(full);
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

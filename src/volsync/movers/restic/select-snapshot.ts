// Which restic snapshot a restore uses (volsync.md §3.3 "Snapshot selection"): the newest snapshot
// of the data directory, or the newest taken at or before RESTORE_AS_OF, then SELECT_PREVIOUS
// steps further back. Times count in whole seconds; two snapshots in the same second are one
// entry, the one listed last winning, as in VolSync's mover.

export interface ResticSnapshot {
  short_id: string;
  id?: string;
  /** RFC 3339 with nanoseconds and an offset, as `restic snapshots --json` prints it. */
  time: string;
  paths?: string[];
  hostname?: string;
}

export interface SelectOptions {
  /** Snapshots are those of a path containing this (VolSync: `/data`). */
  dataDir: string;
  /** RFC 3339 (the CRD's restoreAsOf), or empty. */
  restoreAsOf?: string;
  /** How many snapshots further back than the match. */
  previous?: number;
}

/** The short ID to restore, or undefined when no snapshot qualifies. */
export function selectSnapshot(snapshots: readonly ResticSnapshot[], opts: SelectOptions): string | undefined {
  const epochs: number[] = [];
  const idAt = new Map<number, string>();
  for (const snap of snapshots) {
    if (!(snap.paths ?? []).some((p) => p.includes(opts.dataDir))) continue;
    const epoch = epochSeconds(snap.time);
    epochs.push(epoch);
    idAt.set(epoch, snap.short_id);
  }
  // restic lists oldest first: reversed, the newest comes first.
  epochs.reverse();
  let offset = 0;
  if (opts.restoreAsOf) {
    const target = epochSeconds(opts.restoreAsOf);
    while (offset < epochs.length && epochs[offset] > target) offset++;
  }
  offset += opts.previous ?? 0;
  return offset >= 0 && offset < epochs.length ? idAt.get(epochs[offset]) : undefined;
}

/** Seconds since the epoch, fractional seconds dropped (not rounded). */
export function epochSeconds(rfc3339: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(rfc3339.trim());
  if (!m) {
    const ms = Date.parse(rfc3339);
    if (Number.isNaN(ms)) throw new Error(`not a time: ${rfc3339}`);
    return Math.floor(ms / 1000);
  }
  const zone = m[3] ? (m[3].toUpperCase() === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  return Math.floor(Date.parse(`${m[1]}T${m[2]}${zone}`) / 1000);
}

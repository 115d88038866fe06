// Names of the objects VolSync makes (volsync.md §2.3). Job names, Service names and the
// app.kubernetes.io/name label value must fit 63 characters: when `prefix + crName` does not, the
// CR name is replaced by the 8 hex digits of its CRC-32 (IEEE); other names are never shortened.
import { crc32 } from 'node:zlib';
import { VOLSYNC_PREFIX } from '../api/volsync/index.js';

export const MAX_SHORTENED_NAME = 63;

/** `%08x` of the IEEE CRC-32 of the UTF-8 bytes. */
export function hashedName(name: string): string {
  return crc32(name).toString(16).padStart(8, '0');
}

/** `prefix + crName`, or `prefix + hashedName(crName)` when that is longer than 63 characters. */
export function shortenedName(prefix: string, crName: string): string {
  const name = prefix + crName;
  return name.length > MAX_SHORTENED_NAME ? prefix + hashedName(crName) : name;
}

export type Side = 'src' | 'dst';

/** Source point-in-time copy (PVC and VolumeSnapshot share it): `volsync-<rs>-src`. */
export const sourceCopyName = (rs: string): string => `${VOLSYNC_PREFIX}${rs}-src`;
/** Dynamic destination PVC of restic and rclone: `volsync-<rd>-dest`. */
export const destinationPvcName = (rd: string): string => `${VOLSYNC_PREFIX}${rd}-dest`;
/** Mover ServiceAccount, Role and RoleBinding: `volsync-src-<cr>` / `volsync-dst-<cr>` (never shortened). */
export const moverServiceAccountName = (side: Side, cr: string): string => `${VOLSYNC_PREFIX}${side}-${cr}`;
/** restic cache PVC: `volsync-src-<rs>-cache` / `volsync-dst-<rd>-cache`. */
export const resticCacheName = (side: Side, cr: string): string => `${VOLSYNC_PREFIX}${side}-${cr}-cache`;
/** The cache name before VolSync issue #1575, deleted when this CR owns it. */
export const obsoleteResticCacheName = (cr: string): string => `${VOLSYNC_PREFIX}${cr}-cache`;
/** Destination snapshot: `<pvc>-<YYYYMMDDHHMMSS>` in the controller's local time. */
export function destinationSnapshotName(pvc: string, at: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${pvc}-${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
}
/** Volume-populator temporary PVC: `vs-prime-<pvc uid>`. */
export const populatorPvcName = (pvcUid: string): string => `vs-prime-${pvcUid}`;

// Mover selection (volsync.md §1.3 "mover selection", decision 15): exactly one mover section may
// be set. Two movers, or a ReplicationDestination that asks for copyMethod Clone (or none), are
// rejected before anything is created, with a message that names the problem.
import type { ReplicationDestinationSpec, ReplicationSourceSpec } from '../api/volsync/index.js';

/** The spec sections, in VolSync's registration order, with the mover names messages use. */
const SECTIONS = [
  ['rclone', 'rclone'],
  ['restic', 'restic'],
  ['rsync', 'rsync'],
  ['rsyncTLS', 'rsync-tls'],
  ['syncthing', 'syncthing'],
] as const;

export type Section = (typeof SECTIONS)[number][0];

/** The movers this build of Lifeboat runs. */
export const ENABLED_MOVERS = ['rclone', 'restic', 'rsync', 'rsync-tls'] as const;
export type EnabledMover = (typeof ENABLED_MOVERS)[number];

export type Selection =
  /** Only `external` is set: another controller's object, left alone (no status either). */
  { kind: 'external' } | { kind: 'invalid'; message: string } | { kind: 'mover'; mover: EnabledMover };

export function selectMover(spec: ReplicationSourceSpec | ReplicationDestinationSpec | undefined, role: 'source' | 'destination'): Selection {
  const s = (spec ?? {}) as Record<string, unknown>;
  const present = SECTIONS.filter(([field]) => s[field] !== undefined && s[field] !== null);
  const external = s.external !== undefined && s.external !== null;
  if (present.length === 0 && external) return { kind: 'external' };
  if (present.length > 1) {
    return {
      kind: 'invalid',
      message: `only one replication method can be supplied - the spec sets ${present.map(([field]) => `spec.${field}`).join(' and ')}`,
    };
  }
  if (present.length === 1 && external)
    return { kind: 'invalid', message: `only one replication method can be supplied - the spec sets spec.${present[0][0]} and spec.external` };
  const chosen = present[0]?.[1];
  if (!chosen || !(ENABLED_MOVERS as readonly string[]).includes(chosen)) {
    return { kind: 'invalid', message: `a replication method must be specified - enabled movers: [${ENABLED_MOVERS.join(' ')}]` };
  }
  const mover = chosen as EnabledMover;
  const field = present[0][0];
  if (role === 'destination') {
    const copyMethod = (s[field] as { copyMethod?: string }).copyMethod ?? '';
    if (!['Direct', 'None', 'Snapshot'].includes(copyMethod)) {
      return { kind: 'invalid', message: `spec.${field}.copyMethod: unsupported copyMethod: ${copyMethod} -- must be Direct, None, or Snapshot` };
    }
  }
  return { kind: 'mover', mover };
}

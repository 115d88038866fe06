// The ReplicationSource side: which mover reads which PVC.
import { REPLICATION_SOURCES, type ReplicationSource } from '../api/volsync/index.js';
import type { EnabledMover } from './catalog.js';
import type { MoverContext } from './context.js';
import type { Mover } from './mover.js';
import { RcloneMover } from './movers/rclone/mover.js';
import { ResticMover } from './movers/restic/mover.js';
import { RsyncTlsMover } from './movers/rsync-tls/mover.js';
import { RsyncMover } from './movers/rsync/mover.js';
import type { ReplicationKind, ReplicationObject } from './replication-reconciler.js';

export type SourceObject = ReplicationSource & ReplicationObject;

export const SOURCE_KIND: ReplicationKind<SourceObject> = {
  resource: REPLICATION_SOURCES,
  role: 'source',
  buildMover(ctx: MoverContext, rs: SourceObject, mover: EnabledMover): Mover {
    const spec = rs.spec ?? {};
    const sourcePVC = spec.sourcePVC ?? '';
    if (mover === 'restic') {
      const status = (rs.status ??= {});
      return new ResticMover(ctx, { isSource: true, sourcePVC, spec: spec.restic ?? {}, status: (status.restic ??= {}) });
    }
    if (mover === 'rsync') {
      const status = (rs.status ??= {});
      return new RsyncMover(ctx, { isSource: true, sourcePVC, spec: spec.rsync ?? {}, status: (status.rsync ??= {}) });
    }
    if (mover === 'rsync-tls') {
      const status = (rs.status ??= {});
      return new RsyncTlsMover(ctx, { isSource: true, sourcePVC, spec: spec.rsyncTLS ?? {}, status: (status.rsyncTLS ??= {}) });
    }
    return new RcloneMover(ctx, { isSource: true, sourcePVC, spec: spec.rclone ?? {} });
  },
};

// The ReplicationDestination side: which mover fills which PVC, protected snapshots, and the
// latestImage each finished sync publishes (the previous snapshot image is then cleaned up).
import { REPLICATION_DESTINATIONS, type ReplicationDestination } from '../api/volsync/index.js';
import type { EnabledMover } from './catalog.js';
import { markOldSnapshotForCleanup, relinquishProtectedSnapshots } from './cleanup.js';
import type { MoverContext } from './context.js';
import type { Mover } from './mover.js';
import { RcloneMover } from './movers/rclone/mover.js';
import { ResticMover } from './movers/restic/mover.js';
import { RsyncTlsMover } from './movers/rsync-tls/mover.js';
import { RsyncMover } from './movers/rsync/mover.js';
import type { ReplicationKind, ReplicationObject } from './replication-reconciler.js';

export type DestinationObject = ReplicationDestination & ReplicationObject;

export const DESTINATION_KIND: ReplicationKind<DestinationObject> = {
  resource: REPLICATION_DESTINATIONS,
  role: 'destination',
  buildMover(ctx: MoverContext, rd: DestinationObject, mover: EnabledMover): Mover {
    const spec = rd.spec ?? {};
    if (mover === 'restic') return new ResticMover(ctx, { isSource: false, spec: spec.restic ?? {} });
    if (mover === 'rsync') {
      const status = (rd.status ??= {});
      return new RsyncMover(ctx, { isSource: false, spec: spec.rsync ?? {}, status: (status.rsync ??= {}) });
    }
    if (mover === 'rsync-tls') {
      const status = (rd.status ??= {});
      return new RsyncTlsMover(ctx, { isSource: false, spec: spec.rsyncTLS ?? {}, status: (status.rsyncTLS ??= {}) });
    }
    return new RcloneMover(ctx, { isSource: false, spec: spec.rclone ?? {} });
  },
  async beforeMachine(ctx: MoverContext): Promise<void> {
    if (ctx.snapshotsServed) await relinquishProtectedSnapshots(ctx.client, ctx.owner, ctx.signal);
  },
  async onSynchronized(ctx: MoverContext, rd: DestinationObject, outcome): Promise<void> {
    if (!outcome.image) return;
    const status = (rd.status ??= {});
    await markOldSnapshotForCleanup(ctx.client, ctx.owner, status.latestImage, outcome.image, ctx.signal);
    status.latestImage = outcome.image;
  },
};

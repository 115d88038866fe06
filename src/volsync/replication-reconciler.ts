// The reconcile loop both ReplicationSource and ReplicationDestination run (volsync.md §2.1):
// load the CR, decide on privileged movers, build the mover, run the state machine, write status
// — whether or not the pass succeeded, so that errors are always visible on the CR.
import { pino, type Logger } from 'pino';
import { SynchronizingReason, type ReplicationStatusCommon, type Trigger } from '../api/volsync/index.js';
import { isNotFound, type ResourceRef, type ReconcileContext, type ReconcileRequest, type ReconcileResult, type Reconciler } from '../kube/index.js';
import { jsonEqual } from '../util/json.js';
import { selectMover, type EnabledMover } from './catalog.js';
import type { MoverContext, Owner, VolSyncSettings } from './context.js';
import type { Role, VolSyncMetrics } from './metrics.js';
import type { Mover, MoverOutcome } from './mover.js';
import { privilegedMoversAllowed } from './privileged.js';
import { errorText, runMachine, setSynchronizingCondition } from './state-machine.js';

export interface ReplicationObject extends Owner {
  spec?: { trigger?: Trigger; paused?: boolean };
  status?: ReplicationStatusCommon;
}

export interface ReplicationReconcilerOptions {
  settings: VolSyncSettings;
  metrics: VolSyncMetrics;
  /** Whether the API serves VolumeSnapshots (decided once at startup). */
  snapshotsServed: boolean;
  log?: Logger;
}

/** What differs between the two kinds. */
export interface ReplicationKind<T extends ReplicationObject> {
  resource: ResourceRef;
  role: Role;
  buildMover(ctx: MoverContext, obj: T, mover: EnabledMover): Mover;
  /** Runs first in every pass (the RD relinquishes protected snapshots). */
  beforeMachine?(ctx: MoverContext, obj: T): Promise<void>;
  onSynchronized?(ctx: MoverContext, obj: T, outcome: MoverOutcome): Promise<void>;
}

export class ReplicationReconciler<T extends ReplicationObject> implements Reconciler {
  private readonly log: Logger;

  constructor(
    private readonly kind: ReplicationKind<T>,
    private readonly opts: ReplicationReconcilerOptions,
  ) {
    this.log = opts.log ?? pino({ level: 'silent' });
  }

  async reconcile(req: ReconcileRequest, rc: ReconcileContext): Promise<ReconcileResult | void> {
    const { client, signal } = rc;
    let obj: T;
    try {
      obj = await client.get<T>(this.kind.resource, req.name, { namespace: req.namespace, signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const selection = selectMover(obj.spec, this.kind.role);
    if (selection.kind === 'external') return;
    const original = structuredClone(obj.status ?? {});
    const status: ReplicationStatusCommon = (obj.status = structuredClone(original));
    status.latestMoverStatus ??= {};
    const now = (): Date => new Date(rc.clock.now());
    if (selection.kind === 'invalid') {
      // A spec no pass can act on: say so, and wait for the spec to change.
      setSynchronizingCondition(status, 'False', SynchronizingReason.Error, selection.message, now());
      await this.writeStatus(rc, obj, original);
      return;
    }
    const log = this.log.child({ namespace: req.namespace, name: req.name });
    const ctx: MoverContext = {
      client,
      signal,
      clock: rc.clock,
      log,
      owner: obj,
      isSource: this.kind.role === 'source',
      paused: obj.spec?.paused === true,
      privileged: false,
      snapshotsServed: this.opts.snapshotsServed,
      syncStartedAt: status.lastSyncStartTime ? new Date(status.lastSyncStartTime) : now(),
      settings: this.opts.settings,
      latestMoverStatus: status.latestMoverStatus,
      events: rc.events,
    };
    let result: ReconcileResult | undefined;
    let failure: unknown;
    try {
      await this.kind.beforeMachine?.(ctx, obj);
      ctx.privileged = await privilegedMoversAllowed(client, req.namespace, signal);
      const mover = this.kind.buildMover(ctx, obj, selection.mover);
      result = await runMachine({
        status,
        trigger: obj.spec?.trigger,
        mover,
        metrics: this.opts.metrics.of({ obj_name: req.name, obj_namespace: req.namespace, role: this.kind.role, method: mover.name }),
        now,
        onSynchronized: (outcome) => this.kind.onSynchronized?.(ctx, obj, outcome),
      });
    } catch (err) {
      failure = err;
      // runMachine records its own failures in the condition; failures before it are recorded here.
      setSynchronizingCondition(status, 'False', SynchronizingReason.Error, errorText(err), now());
      log.warn({ err: errorText(err) }, 'replication pass failed');
    }
    await this.writeStatus(rc, obj, original);
    if (failure) throw failure;
    return result;
  }

  private async writeStatus(rc: ReconcileContext, obj: T, original: ReplicationStatusCommon): Promise<void> {
    if (jsonEqual(obj.status, original)) return;
    await rc.client.updateStatus(this.kind.resource, obj, { signal: rc.signal });
  }
}

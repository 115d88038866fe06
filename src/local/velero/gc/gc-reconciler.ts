import { pino, type Logger } from 'pino';
import { BACKUPS, type Backup } from '../../../api/velero/index.js';
import { isNotFound } from '../../../kube/index.js';
import type { ReconcileContext, ReconcileRequest, ReconcileResult, Reconciler } from '../../../kube/runtime/contract.js';
import { collectExpiredBackup } from './collect-expired.js';

/** Velero's `--garbage-collection-frequency` default. */
export const DEFAULT_GC_FREQUENCY_MS = 60 * 60 * 1000;

export interface GcReconcilerOptions {
  log?: Logger;
  /** How often every Backup is looked at again. Default 1 h. */
  frequencyMs?: number;
}

/**
 * Velero's GC controller (spec/velero.md §6.3) over Backups: each Backup is examined when it
 * appears or changes and then once per period, and an expired one gets a DeleteBackupRequest.
 */
export class GcReconciler implements Reconciler {
  private readonly log: Logger;
  private readonly frequencyMs: number;

  constructor(opts: GcReconcilerOptions = {}) {
    this.log = opts.log ?? pino({ level: 'silent' });
    this.frequencyMs = opts.frequencyMs ?? DEFAULT_GC_FREQUENCY_MS;
    if (!(this.frequencyMs > 0)) throw new Error(`the garbage-collection frequency must be positive, got ${this.frequencyMs} ms`);
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult> {
    let backup: Backup;
    try {
      backup = await ctx.client.get<Backup>(BACKUPS, req.name, { namespace: req.namespace, signal: ctx.signal });
    } catch (err) {
      if (isNotFound(err)) return {};
      throw err;
    }
    const log = this.log.child({ backup: `${req.namespace}/${req.name}` });
    await collectExpiredBackup(ctx.client, backup, ctx.clock.now(), log, ctx.signal);
    return { requeueAfterMs: this.frequencyMs };
  }
}

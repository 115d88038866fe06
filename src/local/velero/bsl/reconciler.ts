import { pino, type Logger } from 'pino';
import { BACKUP_STORAGE_LOCATIONS, type BackupStorageLocation, type BackupStorageLocationStatus } from '../../../api/velero/index.js';
import { isNotFound, type KubeClient } from '../../../kube/index.js';
import type { ControllerSpec, ReconcileContext, ReconcileRequest, ReconcileResult, Reconciler } from '../../../kube/runtime/contract.js';
import { parseDuration } from '../../../util/duration.js';
import { openObjectStore, type OpenedObjectStore } from '../object-store/open-store.js';
import { unavailable, validateStorageLocation, type StorageLocationValidation } from './validate.js';

/** Velero's `--store-validation-frequency` default. */
export const DEFAULT_VALIDATION_FREQUENCY_MS = 60_000;

export interface BslValidationOptions {
  log?: Logger;
  /** Used when a BSL sets no (or a negative) `spec.validationFrequency`. */
  defaultValidationFrequencyMs?: number;
  /** How a BSL becomes a store; the default reads its credential Secret through the client. */
  openStore?: (bsl: BackupStorageLocation, client: KubeClient) => Promise<OpenedObjectStore>;
}

/**
 * Keeps `status.phase`, `status.message` and `status.lastValidationTime` of every
 * BackupStorageLocation current (spec/velero.md §7): validates when never validated, when the
 * frequency has elapsed, and requeues itself for the next due time. Status is written with a
 * merge patch on the main resource, as Velero does (no status subresource).
 */
export class BslValidationReconciler implements Reconciler {
  private readonly log: Logger;
  private readonly defaultFrequencyMs: number;
  private readonly openStore: (bsl: BackupStorageLocation, client: KubeClient) => Promise<OpenedObjectStore>;

  constructor(opts: BslValidationOptions = {}) {
    this.log = (opts.log ?? pino({ name: 'lifeboat' })).child({ controller: 'bsl-validation' });
    this.defaultFrequencyMs = opts.defaultValidationFrequencyMs ?? DEFAULT_VALIDATION_FREQUENCY_MS;
    this.openStore = opts.openStore ?? openObjectStore;
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    let bsl: BackupStorageLocation;
    try {
      bsl = await ctx.client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, req.name, { namespace: req.namespace, signal: ctx.signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (bsl.metadata.deletionTimestamp) return;
    const log = this.log.child({ namespace: req.namespace, name: req.name });
    const frequencyMs = this.frequencyOf(bsl, log);
    const now = ctx.clock.now();
    const last = parseTime(bsl.status?.lastValidationTime);
    if (last !== undefined) {
      if (frequencyMs === 0) return; // validated once; periodic validation disabled
      const due = last + frequencyMs;
      if (now < due) return { requeueAfterMs: due - now };
    }

    const outcome = await this.validate(bsl, ctx.client);
    const status: Record<keyof Pick<BackupStorageLocationStatus, 'phase' | 'message' | 'lastValidationTime'>, string | null> = {
      phase: outcome.phase,
      // Velero's empty message is omitted from the object; null removes a previous one.
      message: outcome.message === '' ? null : outcome.message,
      lastValidationTime: rfc3339Seconds(now),
    };
    const updated = await ctx.client.patch<BackupStorageLocation>(
      BACKUP_STORAGE_LOCATIONS,
      req.name,
      { status },
      { namespace: req.namespace, type: 'merge', signal: ctx.signal },
    );

    const previous = bsl.status?.phase;
    if (previous !== outcome.phase) {
      if (outcome.phase === 'Available') {
        log.info({ phase: outcome.phase, previous }, 'backup storage location is available');
        ctx.events.event(updated, 'Normal', 'BackupStorageLocationAvailable', `BackupStorageLocation "${req.name}" is available`, 'Validate');
      } else {
        log.warn({ phase: outcome.phase, previous, reason: outcome.message }, 'backup storage location is unavailable');
        ctx.events.event(updated, 'Warning', 'BackupStorageLocationUnavailable', outcome.message, 'Validate');
      }
    } else {
      log.debug({ phase: outcome.phase }, 'backup storage location validated');
    }
    return frequencyMs > 0 ? { requeueAfterMs: frequencyMs } : undefined;
  }

  private async validate(bsl: BackupStorageLocation, client: KubeClient): Promise<StorageLocationValidation> {
    let store: OpenedObjectStore;
    try {
      store = await this.openStore(bsl, client);
    } catch (err) {
      return unavailable(bsl, err);
    }
    try {
      return await validateStorageLocation(bsl, store);
    } finally {
      store.close();
    }
  }

  /** 0 disables periodic validation; absent, unparsable or negative means the default (as Velero). */
  private frequencyOf(bsl: BackupStorageLocation, log: Logger): number {
    const text = bsl.spec?.validationFrequency;
    if (text === undefined || text === null || text === '') return this.defaultFrequencyMs;
    try {
      const ms = parseDuration(text);
      return ms < 0 ? this.defaultFrequencyMs : ms;
    } catch (err) {
      log.warn({ validationFrequency: text, err: (err as Error).message }, 'invalid validationFrequency; using the default');
      return this.defaultFrequencyMs;
    }
  }
}

/** The controller for a Manager: every BackupStorageLocation in `namespace` (Velero's own). */
export function bslValidationController(namespace: string, opts: BslValidationOptions = {}): ControllerSpec {
  return {
    name: 'bsl-validation',
    for: BACKUP_STORAGE_LOCATIONS,
    namespace,
    reconciler: new BslValidationReconciler(opts),
  };
}

function parseTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** metav1.Time: RFC3339 in UTC, second precision. */
function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

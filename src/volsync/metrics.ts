// VolSync's Prometheus metrics (volsync.md §6), registered on the manager's registry.
import { Counter, Gauge, Summary, type Registry } from 'prom-client';

export type Role = 'source' | 'destination';

export interface MetricLabels {
  obj_name: string;
  obj_namespace: string;
  role: Role;
  method: string;
}

type LabelName = keyof MetricLabels;
const LABEL_NAMES: LabelName[] = ['obj_name', 'obj_namespace', 'role', 'method'];

export class VolSyncMetrics {
  private readonly missedIntervals: Counter<LabelName>;
  private readonly outOfSync: Gauge<LabelName>;
  private readonly syncDuration: Summary<LabelName>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.missedIntervals = new Counter({
      name: 'volsync_missed_intervals_total',
      help: 'The number of times a synchronization failed to complete before the next scheduled start',
      labelNames: LABEL_NAMES,
      registers,
    });
    this.outOfSync = new Gauge({
      name: 'volsync_volume_out_of_sync',
      help: 'Set to 1 if the volume is not properly synchronized',
      labelNames: LABEL_NAMES,
      registers,
    });
    this.syncDuration = new Summary({
      name: 'volsync_sync_duration_seconds',
      help: 'Duration of the synchronization interval in seconds',
      labelNames: LABEL_NAMES,
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 24 * 3600,
      ageBuckets: 5,
      registers,
    });
  }

  /** The metrics of one ReplicationSource or ReplicationDestination. */
  of(labels: MetricLabels): ObjectMetrics {
    return {
      setOutOfSync: (outOfSync) => this.outOfSync.set(labels, outOfSync ? 1 : 0),
      incMissedIntervals: () => this.missedIntervals.inc(labels),
      observeSyncDuration: (seconds) => this.syncDuration.observe(labels, seconds),
    };
  }
}

export interface ObjectMetrics {
  setOutOfSync(outOfSync: boolean): void;
  incMissedIntervals(): void;
  observeSyncDuration(seconds: number): void;
}

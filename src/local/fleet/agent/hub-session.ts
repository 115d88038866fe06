// A simulated klusterlet's connection to one hub. It creates its ManagedCluster if missing (or adds
// its API URL to it), and once the hub has accepted the cluster it renews the cluster lease and
// keeps `ManagedClusterJoined` and `ManagedClusterConditionAvailable` true, re-checking every
// health-check period. The MSA add-on agent runs for as long as the session does.
import type { Logger } from 'pino';
import {
  MANAGED_CLUSTERS,
  MANAGED_CLUSTER_CONDITION_AVAILABLE,
  MANAGED_CLUSTER_CONDITION_HUB_ACCEPTED,
  MANAGED_CLUSTER_CONDITION_JOINED,
  type ManagedCluster,
} from '../../../api/ocm/index.js';
import { Backoff, Informer, KubeApiError, KubeClient, isTrue, systemClock, type Condition } from '../../../kube/index.js';
import { setClusterConditions } from '../cluster-conditions.js';
import { DEFAULT_HEALTH_CHECK_PERIOD_MS, MESSAGE_AVAILABLE, MESSAGE_JOINED, REASON_AVAILABLE, REASON_JOINED } from '../constants.js';
import { leaseDurationMs } from '../hub/registration.js';
import { parseKubeconfig } from '../kubeconfig.js';
import { getIfExists } from '../objects.js';
import type { ManagedClusterApi } from './cluster-api.js';
import { LeaseUpdater } from './lease-updater.js';
import { MsaAgent } from './msa-agent.js';

export interface HubSessionOptions {
  api: ManagedClusterApi;
  local: KubeClient;
  log: Logger;
  healthCheckPeriodMs?: number;
}

export class HubSession {
  readonly client: KubeClient;
  readonly server: string;
  private readonly abort = new AbortController();
  private informer: Informer<ManagedCluster> | undefined;
  private msa: MsaAgent | undefined;
  private lease: LeaseUpdater | undefined;
  private health: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();
  private run: Promise<void> = Promise.resolve();

  /** `kubeconfig` is the hub kubeconfig text (already known to parse). */
  constructor(
    readonly kubeconfig: string,
    private readonly opts: HubSessionOptions,
  ) {
    const kc = parseKubeconfig(kubeconfig, 'the hub kubeconfig');
    this.client = new KubeClient(kc, { timeoutMs: 15_000 });
    this.server = kc.getCurrentCluster()?.server ?? '';
  }

  /**
   * Connects: retries (with back-off) until the hub answers for the ManagedCluster, then calls
   * `onConnected` (the bootstrap writes the hub kubeconfig there) and keeps the cluster's status.
   */
  start(onConnected?: () => Promise<void>): void {
    this.run = this.connect(onConnected);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.run;
    if (this.health) clearInterval(this.health);
    this.lease?.stop();
    await Promise.all([this.informer?.stop(), this.msa?.stop()]);
    await this.syncing;
    this.client.close();
  }

  private get name(): string {
    return this.opts.api.name;
  }

  private async connect(onConnected?: () => Promise<void>): Promise<void> {
    const signal = this.abort.signal;
    const backoff = new Backoff({ maxMs: 60_000 });
    let failures = 0;
    while (!signal.aborted) {
      try {
        await this.ensureCluster(signal);
        await onConnected?.();
        break;
      } catch (err) {
        if (signal.aborted) return;
        if (failures++ === 0) this.opts.log.warn({ cluster: this.name, hub: this.server, err: (err as Error).message }, 'unable to reach the hub, will retry');
        await systemClock.sleep(backoff.next(), signal);
      }
    }
    if (signal.aborted) return;
    this.opts.log.info({ cluster: this.name, hub: this.server }, 'agent attached to hub');
    this.lease = new LeaseUpdater(this.client, this.name, this.opts.log);
    this.informer = new Informer<ManagedCluster>(this.client, MANAGED_CLUSTERS, { fieldSelector: `metadata.name=${this.name}`, backoff: { maxMs: 60_000 } });
    this.informer.onAdd(() => this.sync());
    this.informer.onUpdate(() => this.sync());
    this.informer.onDelete(() => this.sync());
    this.informer.start();
    this.msa = new MsaAgent({ hub: this.client, local: this.opts.local, api: this.opts.api, log: this.opts.log });
    this.msa.start();
    this.health = setInterval(() => this.sync(), this.opts.healthCheckPeriodMs ?? DEFAULT_HEALTH_CHECK_PERIOD_MS);
    this.health.unref?.();
  }

  /** The creating controller: the ManagedCluster exists and lists this cluster's API URL. */
  private async ensureCluster(signal: AbortSignal): Promise<void> {
    const { api } = this.opts;
    const config = { url: api.url, caBundle: Buffer.from(api.caCert).toString('base64') };
    const existing = await getIfExists<ManagedCluster>(this.client, MANAGED_CLUSTERS, this.name, undefined, signal);
    if (!existing) {
      await this.client.create<ManagedCluster>(
        MANAGED_CLUSTERS,
        {
          apiVersion: 'cluster.open-cluster-management.io/v1',
          kind: 'ManagedCluster',
          metadata: { name: this.name },
          spec: { managedClusterClientConfigs: [config] },
        },
        { signal },
      );
      return;
    }
    const configs = existing.spec?.managedClusterClientConfigs ?? [];
    if (configs.some((c) => c.url === api.url)) return;
    await this.client.update(MANAGED_CLUSTERS, { ...existing, spec: { ...existing.spec, managedClusterClientConfigs: [...configs, config] } }, { signal });
  }

  private sync(): void {
    this.syncing = this.syncing
      .then(() => this.syncOnce())
      .catch((err: unknown) => {
        if (!this.abort.signal.aborted)
          this.opts.log.warn(
            { cluster: this.name, err: err instanceof KubeApiError ? err.message : String(err) },
            'unable to update the managed cluster status',
          );
      });
  }

  private async syncOnce(): Promise<void> {
    const signal = this.abort.signal;
    if (signal.aborted) return;
    const cluster = this.informer?.get(undefined, this.name);
    const accepted = isTrue(cluster?.status?.conditions as Condition[] | undefined, MANAGED_CLUSTER_CONDITION_HUB_ACCEPTED);
    if (!cluster || !accepted) {
      this.lease?.stop();
      return;
    }
    this.lease?.ensure(leaseDurationMs(cluster));
    const conditions = cluster.status?.conditions as Condition[] | undefined;
    if (isTrue(conditions, MANAGED_CLUSTER_CONDITION_JOINED) && isTrue(conditions, MANAGED_CLUSTER_CONDITION_AVAILABLE)) return;
    await setClusterConditions(this.client, this.name, {
      conditions: [
        { type: MANAGED_CLUSTER_CONDITION_JOINED, status: 'True', reason: REASON_JOINED, message: MESSAGE_JOINED },
        { type: MANAGED_CLUSTER_CONDITION_AVAILABLE, status: 'True', reason: REASON_AVAILABLE, message: MESSAGE_AVAILABLE },
      ],
      when: (c) => isTrue(c.status?.conditions as Condition[] | undefined, MANAGED_CLUSTER_CONDITION_HUB_ACCEPTED),
      signal,
    });
  }
}

// The hub-side fleet stand-ins in one loop keyed by cluster name: registration (accept, lease
// expiry), the import secret, import status, auto-import and the hive import. Narrow informers
// (by field or label selector) keep the cache to the objects these components read, so a hub with
// thousands of Secrets does not hold them all.
import type { Logger } from 'pino';
import { CLUSTER_DEPLOYMENTS, MANAGED_CLUSTERS, type ClusterDeployment, type ManagedCluster } from '../../../api/ocm/index.js';
import { Informer, LEASE_RESOURCE, SECRETS, WorkQueue, type KubeClient, type Lease } from '../../../kube/index.js';
import { getIfExists, type SecretObject } from '../objects.js';
import { AUTO_IMPORT_SECRET, CLUSTER_LEASE_NAME, CONDITION_IMPORT_SUCCEEDED, LABEL_IMPORT_SECRET } from '../constants.js';
import { reconcileAutoImport } from './auto-import.js';
import { reconcileHiveImport } from './hive-import.js';
import { ensureImportSecret, importSecretName, type HubIdentity } from './import-secret.js';
import { reconcileImportStatus } from './import-status.js';
import { reconcileRegistration } from './registration.js';

export interface FleetHubOptions {
  client: KubeClient;
  hub: HubIdentity;
  log: Logger;
  /** Clusters processed at once. Default 4. */
  workers?: number;
}

// Lease renewals only concern registration; everything else runs on cluster, secret and
// deployment changes.
type Key = `lease:${string}` | `cluster:${string}`;

export class FleetHub {
  private readonly clusters: Informer<ManagedCluster>;
  private readonly leases: Informer<Lease>;
  private readonly autoImportSecrets: Informer<SecretObject>;
  private readonly importSecrets: Informer<SecretObject>;
  private readonly deployments: Informer<ClusterDeployment>;
  private readonly queue = new WorkQueue<Key>();
  private readonly abort = new AbortController();
  private workers: Promise<void>[] = [];

  constructor(private readonly opts: FleetHubOptions) {
    const { client } = opts;
    this.clusters = new Informer<ManagedCluster>(client, MANAGED_CLUSTERS);
    this.leases = new Informer<Lease>(client, LEASE_RESOURCE, { fieldSelector: `metadata.name=${CLUSTER_LEASE_NAME}` });
    this.autoImportSecrets = new Informer<SecretObject>(client, SECRETS, { fieldSelector: `metadata.name=${AUTO_IMPORT_SECRET}` });
    this.importSecrets = new Informer<SecretObject>(client, SECRETS, { labelSelector: LABEL_IMPORT_SECRET });
    this.deployments = new Informer<ClusterDeployment>(client, CLUSTER_DEPLOYMENTS);
    const byName = (o: { metadata?: { name?: string } }): void => this.queue.add(`cluster:${o.metadata?.name ?? ''}`);
    const byNamespace = (o: { metadata?: { namespace?: string } }): void => this.queue.add(`cluster:${o.metadata?.namespace ?? ''}`);
    this.clusters.onAdd(byName);
    this.clusters.onUpdate((a, b) => {
      if (relevantChange(a, b)) byName(b);
    });
    this.clusters.onDelete(byName);
    this.leases.onAdd((l) => this.queue.add(`lease:${l.metadata?.namespace ?? ''}`));
    this.leases.onUpdate((_, l) => this.queue.add(`lease:${l.metadata?.namespace ?? ''}`));
    this.leases.onDelete(byNamespace);
    this.autoImportSecrets.onAdd(byNamespace);
    // The retry counter the stand-in itself writes must not trigger an immediate new attempt.
    this.autoImportSecrets.onUpdate((a, b) => {
      if (JSON.stringify([a.data, a.type, a.metadata.labels]) !== JSON.stringify([b.data, b.type, b.metadata.labels])) byNamespace(b);
    });
    this.importSecrets.onDelete(byNamespace);
    this.deployments.onAdd(byNamespace);
    this.deployments.onUpdate((_, d) => byNamespace(d));
  }

  /** Starts the informers and workers; resolves once the caches have synced. */
  static async start(opts: FleetHubOptions): Promise<FleetHub> {
    const fleet = new FleetHub(opts);
    const informers = fleet.informers();
    for (const i of informers) i.start();
    await Promise.all(informers.map((i) => i.synced()));
    for (let n = 0; n < (opts.workers ?? 4); n++) fleet.workers.push(fleet.work());
    return fleet;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.queue.shutDown();
    await Promise.all(this.workers);
    await Promise.all(this.informers().map((i) => i.stop()));
  }

  private informers(): { start(): unknown; synced(): Promise<void>; stop(): Promise<void> }[] {
    return [this.clusters, this.leases, this.autoImportSecrets, this.importSecrets, this.deployments];
  }

  private async work(): Promise<void> {
    const signal = this.abort.signal;
    for (;;) {
      const key = await this.queue.get(signal);
      if (key === undefined) return;
      try {
        const requeue = await this.process(key, signal);
        this.queue.forget(key);
        if (requeue !== undefined) this.queue.addAfter(key, requeue);
      } catch (err) {
        if (signal.aborted) return;
        const delay = this.queue.addRateLimited(key);
        this.opts.log.warn({ key, err: (err as Error).message, retryInMs: delay }, 'fleet stand-in pass failed');
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async process(key: Key, signal: AbortSignal): Promise<number | undefined> {
    const { client, log } = this.opts;
    const [kind, name] = key.split(/:(.*)/s) as ['lease' | 'cluster', string];
    const cluster = this.clusters.get(undefined, name);
    if (!cluster) return undefined;
    const lease = this.leases.get(name, CLUSTER_LEASE_NAME);
    const leaseCheck = await reconcileRegistration({ hub: client, cluster, lease, now: Date.now(), log, signal });
    // The lease check has its own key, so that a pending recheck survives other passes.
    if (kind === 'lease') return leaseCheck;
    if (leaseCheck !== undefined) this.queue.addAfter(`lease:${name}`, leaseCheck);
    if (cluster.metadata.deletionTimestamp || cluster.spec?.hubAcceptsClient !== true) return undefined;
    if (!this.importSecrets.get(name, importSecretName(name))) await ensureImportSecret(client, this.opts.hub, name, signal);
    await reconcileImportStatus(client, cluster, signal);
    const autoImportSecret = this.autoImportSecrets.get(name, AUTO_IMPORT_SECRET);
    const autoImport = await reconcileAutoImport(client, cluster, autoImportSecret, log, signal);
    const hive = await reconcileHiveImport({
      hub: client,
      cluster,
      deployment: this.deployments.get(name, name),
      hasAutoImportSecret: autoImportSecret !== undefined,
      readSecret: (namespace, secretName) => getIfExists<SecretObject>(client, SECRETS, secretName, namespace, signal),
      log,
      signal,
    });
    return minDelay(autoImport, hive);
  }
}

/** Cluster updates that matter: anything but the import condition the stand-in itself moves. */
function relevantChange(a: ManagedCluster, b: ManagedCluster): boolean {
  const view = (c: ManagedCluster): string =>
    JSON.stringify([
      c.metadata.labels,
      c.metadata.annotations,
      c.metadata.deletionTimestamp,
      c.spec,
      (c.status?.conditions ?? []).filter((x) => x.type !== CONDITION_IMPORT_SUCCEEDED),
    ]);
  return view(a) !== view(b);
}

function minDelay(...delays: (number | undefined)[]): number | undefined {
  const set = delays.filter((d): d is number => d !== undefined);
  return set.length ? Math.min(...set) : undefined;
}

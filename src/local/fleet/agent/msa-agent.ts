// Stand-in for the managed-serviceaccount add-on agent of one simulated cluster. While the cluster's
// namespace on its current hub has the `managed-serviceaccount` ManagedClusterAddOn, every
// ManagedServiceAccount there gets a ServiceAccount on the cluster and a token the cluster's API
// accepts for `spec.rotation.validity`; the token goes to the hub as Secret `<msa>` (label
// `is-managed-serviceaccount=true`, keys `token` and `ca.crt`) and the MSA status reports
// `expirationTimestamp` and `tokenSecretRef`. A token is replaced when less than a fifth of its
// validity is left, or when the cluster no longer accepts it (checked when the MSA changes). The
// periodic pass only looks again at MSAs that are due: rotation time reached, or the add-on was
// missing last time, so an idle fleet costs the hub nothing.
import type { Logger } from 'pino';
import { LABEL_IS_MANAGED_SERVICEACCOUNT } from '../../../api/backup/index.js';
import {
  DEFAULT_ADDON_INSTALL_NAMESPACE,
  MANAGED_CLUSTER_ADDONS,
  MANAGED_SERVICE_ACCOUNTS,
  MSA_API_VERSION,
  type ManagedClusterAddOn,
  type ManagedServiceAccount,
} from '../../../api/ocm/index.js';
import { Informer, KubeApiError, KubeClient, SECRETS, SERVICE_ACCOUNTS, metaTime, setCondition, type Condition } from '../../../kube/index.js';
import { parseDuration } from '../../../util/duration.js';
import { CONDITION_SECRET_CREATED, CONDITION_TOKEN_REPORTED, DEFAULT_HEALTH_CHECK_PERIOD_MS, DEFAULT_MSA_VALIDITY, MSA_ADDON_NAME } from '../constants.js';
import { parseKubeconfig, renderKubeconfig } from '../kubeconfig.js';
import { createIfAbsent, ensureNamespace, getIfExists, secretValue, type SecretObject } from '../objects.js';
import type { ManagedClusterApi } from './cluster-api.js';

export interface MsaAgentOptions {
  hub: KubeClient;
  local: KubeClient;
  api: ManagedClusterApi;
  log: Logger;
  /** How often MSAs that are due are looked at again (add-on installed later, rotation due). */
  resyncMs?: number;
}

export class MsaAgent {
  private readonly informer: Informer<ManagedServiceAccount>;
  private readonly pending = new Set<string>();
  /** When each MSA needs another look without any change to it. */
  private readonly dueAt = new Map<string, number>();
  private chain: Promise<void> = Promise.resolve();
  private resync: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: MsaAgentOptions) {
    this.informer = new Informer<ManagedServiceAccount>(opts.hub, MANAGED_SERVICE_ACCOUNTS, {
      namespace: opts.api.name,
      backoff: { maxMs: 60_000 },
    });
    this.informer.onAdd((m) => this.enqueue(m.metadata.name ?? '', true));
    this.informer.onUpdate((_, m) => this.enqueue(m.metadata.name ?? '', true));
    this.informer.onDelete((m) => void this.dueAt.delete(m.metadata.name ?? ''));
  }

  start(): void {
    this.informer.start();
    this.resync = setInterval(() => {
      const now = Date.now();
      for (const [name, at] of this.dueAt) if (at <= now) this.enqueue(name, false);
    }, this.opts.resyncMs ?? DEFAULT_HEALTH_CHECK_PERIOD_MS);
    this.resync.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.resync) clearInterval(this.resync);
    await this.informer.stop();
    await this.chain;
  }

  /** `changed`: the MSA itself changed (then the token is also checked against the cluster). */
  private enqueue(name: string, changed: boolean): void {
    if (this.stopped || this.pending.has(name)) return;
    this.pending.add(name);
    this.chain = this.chain.then(async () => {
      this.pending.delete(name);
      if (this.stopped) return;
      const retry = Date.now() + (this.opts.resyncMs ?? DEFAULT_HEALTH_CHECK_PERIOD_MS);
      try {
        const next = await this.reconcile(name, changed);
        if (next === undefined) this.dueAt.delete(name);
        else this.dueAt.set(name, next);
      } catch (err) {
        this.dueAt.set(name, retry);
        this.opts.log.warn({ cluster: this.opts.api.name, msa: name, err: (err as Error).message }, 'managed service account sync failed');
      }
    });
  }

  /** Returns when to look at this MSA again. */
  private async reconcile(name: string, checkToken: boolean): Promise<number | undefined> {
    const { hub, local, api } = this.opts;
    const cluster = api.name;
    const addon = await getIfExists<ManagedClusterAddOn>(hub, MANAGED_CLUSTER_ADDONS, MSA_ADDON_NAME, cluster);
    // No add-on on this hub: no agent either. Look again later, it may be enabled.
    if (!addon) return Date.now() + (this.opts.resyncMs ?? DEFAULT_HEALTH_CHECK_PERIOD_MS);
    const msa = await getIfExists<ManagedServiceAccount>(hub, MANAGED_SERVICE_ACCOUNTS, name, cluster);
    if (!msa || msa.metadata.deletionTimestamp) return undefined;
    const installNamespace = addon.status?.namespace || addon.spec?.installNamespace || DEFAULT_ADDON_INSTALL_NAMESPACE;
    await ensureNamespace(local, installNamespace);
    await createIfAbsent(local, SERVICE_ACCOUNTS, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: installNamespace, labels: { [LABEL_IS_MANAGED_SERVICEACCOUNT]: 'true' } },
    });

    const validityMs = parseDuration(msa.spec?.rotation?.validity || DEFAULT_MSA_VALIDITY);
    const secret = await getIfExists<SecretObject>(hub, SECRETS, name, cluster);
    const now = Date.now();
    let expiration = msa.status?.expirationTimestamp;
    let refreshed = msa.status?.tokenSecretRef?.lastRefreshTimestamp;
    if (await this.mustIssue(msa, secret, validityMs, now, checkToken)) {
      const expiresAt = now + validityMs;
      const token = api.issueToken(`system:serviceaccount:${installNamespace}:${name}`, expiresAt);
      await this.writeTokenSecret(msa, secret, token);
      expiration = metaTime(expiresAt);
      refreshed = metaTime(now);
      this.opts.log.info({ cluster, msa: name, expiration }, 'managed service account token issued');
    }
    await this.reportStatus(msa, expiration, refreshed, now);
    return Date.parse(expiration ?? '') - validityMs / 5;
  }

  private async mustIssue(
    msa: ManagedServiceAccount,
    secret: SecretObject | undefined,
    validityMs: number,
    now: number,
    checkToken: boolean,
  ): Promise<boolean> {
    if (!secret || !msa.status?.tokenSecretRef) return true;
    const expiresAt = Date.parse(msa.status.expirationTimestamp ?? '');
    if (!(expiresAt - now >= validityMs / 5)) return true;
    if (!checkToken) return false;
    const token = secretValue(secret, 'token') ?? '';
    return !(await this.clusterAccepts(token));
  }

  /** The TokenReview stand-in: does the cluster's API take this token? */
  private async clusterAccepts(token: string): Promise<boolean> {
    if (!token) return false;
    const client = new KubeClient(parseKubeconfig(renderKubeconfig({ server: this.opts.api.url, caCert: this.opts.api.caCert, token }), 'token check'));
    try {
      await client.transport.json({ method: 'GET', path: '/version' });
      return true;
    } catch (err) {
      return !(err instanceof KubeApiError && err.code === 401);
    } finally {
      client.close();
    }
  }

  private async writeTokenSecret(msa: ManagedServiceAccount, existing: SecretObject | undefined, token: string): Promise<void> {
    const data = { 'ca.crt': Buffer.from(this.opts.api.caCert).toString('base64'), token: Buffer.from(token).toString('base64') };
    if (existing) {
      await this.opts.hub.update(SECRETS, { ...existing, data });
      return;
    }
    const secret: SecretObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: {
        name: msa.metadata.name,
        namespace: msa.metadata.namespace,
        labels: { [LABEL_IS_MANAGED_SERVICEACCOUNT]: 'true' },
        ownerReferences: [{ apiVersion: MSA_API_VERSION, kind: 'ManagedServiceAccount', name: msa.metadata.name ?? '', uid: msa.metadata.uid ?? '' }],
      },
      data,
    };
    await this.opts.hub.create(SECRETS, secret);
  }

  private async reportStatus(msa: ManagedServiceAccount, expiration: string | undefined, refreshed: string | undefined, now: number): Promise<void> {
    let conditions = (msa.status?.conditions ?? []) as Condition[];
    conditions = setCondition(conditions, { type: CONDITION_SECRET_CREATED, status: 'True', reason: 'SecretCreated' }, now);
    conditions = setCondition(conditions, { type: CONDITION_TOKEN_REPORTED, status: 'True', reason: 'TokenReported' }, now);
    const status = {
      ...msa.status,
      conditions,
      expirationTimestamp: expiration,
      tokenSecretRef: { name: msa.metadata.name, lastRefreshTimestamp: refreshed },
    };
    if (JSON.stringify(status) === JSON.stringify(msa.status)) return;
    await this.opts.hub.updateStatus(MANAGED_SERVICE_ACCOUNTS, { ...msa, status });
  }
}

// A simulated klusterlet (registration agent) for one managed cluster. Which hub it works for is
// decided the way upstream decides it, from two Secrets in `open-cluster-management-agent` on the
// cluster itself: `hub-kubeconfig-secret` (the hub it joined) is used while it names the same hub
// as `bootstrap-hub-kubeconfig` (same server, proxy, CA and cluster name); when the bootstrap
// kubeconfig is replaced (an import from another hub writes it), the agent bootstraps against the
// new hub and records it as its hub kubeconfig. Both Secrets live in the cluster's own storage, so a
// restarted agent stays with the hub it last switched to.
import type { Logger } from 'pino';
import { Informer, KubeClient, SECRETS } from '../../../kube/index.js';
import { AGENT_NAMESPACE, BOOTSTRAP_HUB_KUBECONFIG_SECRET, HUB_KUBECONFIG_SECRET } from '../constants.js';
import { parseKubeconfig, sameHub } from '../kubeconfig.js';
import { ensureNamespace, getIfExists, secretValue, type SecretObject } from '../objects.js';
import type { ManagedClusterApi } from './cluster-api.js';
import { HubSession } from './hub-session.js';

export interface KlusterletOptions {
  api: ManagedClusterApi;
  log: Logger;
  healthCheckPeriodMs?: number;
}

export class Klusterlet {
  private readonly local: KubeClient;
  private readonly bootstrap: Informer<SecretObject>;
  private session: HubSession | undefined;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly opts: KlusterletOptions) {
    this.local = new KubeClient(opts.api.admin);
    this.bootstrap = new Informer<SecretObject>(this.local, SECRETS, {
      namespace: AGENT_NAMESPACE,
      fieldSelector: `metadata.name=${BOOTSTRAP_HUB_KUBECONFIG_SECRET}`,
    });
    // Upstream restarts the agent when the bootstrap kubeconfig's data changes or it is deleted.
    this.bootstrap.onAdd(() => this.reevaluate());
    this.bootstrap.onUpdate((a, b) => {
      if (JSON.stringify(a.data) !== JSON.stringify(b.data)) this.reevaluate();
    });
    this.bootstrap.onDelete(() => this.reevaluate());
  }

  get name(): string {
    return this.opts.api.name;
  }

  /** The server of the hub the agent works for (or is bootstrapping against). */
  get hubServer(): string | undefined {
    return this.session?.server;
  }

  async start(): Promise<void> {
    await ensureNamespace(this.local, AGENT_NAMESPACE);
    this.bootstrap.start();
    await this.bootstrap.synced();
    this.reevaluate();
    await this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.bootstrap.stop();
    await this.chain;
    await this.session?.stop();
    this.session = undefined;
    this.local.close();
  }

  /** Gives the cluster its first bootstrap kubeconfig (what applying import.yaml does). */
  async writeBootstrapKubeconfig(kubeconfig: string): Promise<void> {
    await ensureNamespace(this.local, AGENT_NAMESPACE);
    await this.writeSecret(BOOTSTRAP_HUB_KUBECONFIG_SECRET, { kubeconfig });
  }

  /** Whether the cluster already has a bootstrap kubeconfig (set up before, or imported since). */
  async hasBootstrapKubeconfig(): Promise<boolean> {
    return (await getIfExists(this.local, SECRETS, BOOTSTRAP_HUB_KUBECONFIG_SECRET, AGENT_NAMESPACE)) !== undefined;
  }

  private reevaluate(): void {
    this.chain = this.chain
      .then(() => this.evaluate())
      .catch((err: unknown) => this.opts.log.error({ cluster: this.name, err: (err as Error).message }, 'klusterlet failed to choose its hub'));
  }

  private async evaluate(): Promise<void> {
    if (this.stopped) return;
    const bootstrapText = secretValue(this.bootstrap.get(AGENT_NAMESPACE, BOOTSTRAP_HUB_KUBECONFIG_SECRET), 'kubeconfig') || undefined;
    let bootstrap;
    try {
      bootstrap = bootstrapText ? parseKubeconfig(bootstrapText, `secret ${AGENT_NAMESPACE}/${BOOTSTRAP_HUB_KUBECONFIG_SECRET}`) : undefined;
    } catch (err) {
      this.opts.log.error({ cluster: this.name, err: (err as Error).message }, 'the bootstrap hub kubeconfig is invalid');
    }
    const hubText = secretValue(await getIfExists<SecretObject>(this.local, SECRETS, HUB_KUBECONFIG_SECRET, AGENT_NAMESPACE), 'kubeconfig') || undefined;
    let target: { text: string; bootstrap: boolean } | undefined;
    if (hubText && (!bootstrap || sameHub(parseKubeconfig(hubText, 'the hub kubeconfig'), bootstrap))) target = { text: hubText, bootstrap: false };
    else if (bootstrap && bootstrapText) target = { text: bootstrapText, bootstrap: true };
    if (this.session && this.session.kubeconfig === target?.text) return;
    await this.session?.stop();
    this.session = undefined;
    if (!target || this.stopped) {
      if (!target) this.opts.log.warn({ cluster: this.name }, 'no bootstrap hub kubeconfig: the agent waits for one');
      return;
    }
    const session = new HubSession(target.text, {
      api: this.opts.api,
      local: this.local,
      log: this.opts.log,
      healthCheckPeriodMs: this.opts.healthCheckPeriodMs,
    });
    this.session = session;
    if (target.bootstrap) this.opts.log.info({ cluster: this.name, hub: session.server }, 'bootstrapping with the bootstrap hub kubeconfig');
    const text = target.text;
    session.start(
      target.bootstrap ? () => this.writeSecret(HUB_KUBECONFIG_SECRET, { kubeconfig: text, 'cluster-name': this.name, 'agent-name': this.name }) : undefined,
    );
  }

  private async writeSecret(name: string, values: Record<string, string>): Promise<void> {
    const data = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    const existing = await getIfExists<SecretObject>(this.local, SECRETS, name, AGENT_NAMESPACE);
    if (!existing) {
      await this.local.create(SECRETS, {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: { name, namespace: AGENT_NAMESPACE },
        data,
      } as SecretObject);
      return;
    }
    await this.local.update(SECRETS, { ...existing, data });
  }
}

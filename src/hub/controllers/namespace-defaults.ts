import type { Logger } from 'pino';
import type { ApiObject } from '../../api/meta.js';
import { jsonEqual } from '../../util/json.js';
import { ApiError } from '../errors.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { HubContext } from '../rest/context.js';
import { NAMESPACES_STORAGE_KEY } from '../rest/namespace-lifecycle.js';
import type { RestStore } from '../rest/rest-store.js';
import { KeyQueue } from './key-queue.js';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';
const FIELD_MANAGER = 'kube-controller-manager';

/**
 * What kube-controller-manager puts in every namespace of a real cluster, done by the hub itself:
 * the serviceaccounts controller's `default` ServiceAccount and the root-ca-cert-publisher's
 * `kube-root-ca.crt` ConfigMap (key `ca.crt`, the hub's CA). Each namespace is synced when it
 * appears or changes while Active, and again when either object is deleted (both come back) or
 * the ConfigMap is changed (its data is put back). Namespaces present at startup are synced too.
 */
export class NamespaceDefaultsController {
  readonly queue: KeyQueue;
  private unsubscribe: () => void = () => undefined;

  constructor(
    private readonly ctx: HubContext,
    private readonly rest: RestStore,
    private readonly caCert: string,
    private readonly log: Logger,
  ) {
    this.queue = new KeyQueue(
      (ns) => this.sync(ns),
      (ns, err) => this.log.warn({ err, namespace: ns }, 'namespace defaults not created; retrying'),
    );
  }

  start(): void {
    const serviceAccounts = this.type('serviceaccounts').storageKey;
    const configMaps = this.type('configmaps').storageKey;
    this.unsubscribe = this.ctx.watchHub.add({
      onChange: (change) => {
        if (change.storageKey === NAMESPACES_STORAGE_KEY) {
          if (change.type !== 'DELETED') this.queue.add(change.name);
        } else if (change.storageKey === serviceAccounts && change.name === DEFAULT_SERVICE_ACCOUNT && change.type === 'DELETED') {
          this.queue.add(change.namespace);
        } else if (change.storageKey === configMaps && change.name === ROOT_CA_CONFIG_MAP && change.type !== 'ADDED') {
          this.queue.add(change.namespace);
        }
      },
    });
    for (const ns of [...this.ctx.store.scan(NAMESPACES_STORAGE_KEY, '')]) this.queue.add(ns.metadata.name ?? '');
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private type(plural: string): ResourceType {
    const rt = this.ctx.registry.lookup('', plural);
    if (!rt) throw new Error(`built-in resource ${plural} is not registered`);
    return rt;
  }

  private async sync(name: string): Promise<void> {
    const ns = this.ctx.store.get({ storageKey: NAMESPACES_STORAGE_KEY, namespace: '', name });
    // Nothing new goes into a namespace that is gone or on its way out.
    if (!ns || ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase !== 'Active') return;
    await this.ensureServiceAccount(name);
    await this.ensureRootCa(name);
  }

  private async ensureServiceAccount(namespace: string): Promise<void> {
    const rt = this.type('serviceaccounts');
    if (this.rest.tryGet(rt, namespace, DEFAULT_SERVICE_ACCOUNT)) return;
    await this.create(rt, namespace, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT } });
  }

  private async ensureRootCa(namespace: string): Promise<void> {
    const rt = this.type('configmaps');
    const data = { 'ca.crt': this.caCert };
    const current = this.rest.tryGet(rt, namespace, ROOT_CA_CONFIG_MAP);
    if (!current) {
      await this.create(rt, namespace, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: ROOT_CA_CONFIG_MAP, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
        data,
      });
      return;
    }
    if (jsonEqual(current.data ?? null, data) && current.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return;
    await this.rest.updateByKey({ storageKey: rt.storageKey, namespace, name: ROOT_CA_CONFIG_MAP }, undefined, (cm) => ({
      ...cm,
      data,
      metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
    }));
  }

  private async create(rt: ResourceType, namespace: string, body: ApiObject): Promise<void> {
    try {
      await this.rest.create(rt, 'v1', namespace, body, { fieldManager: FIELD_MANAGER });
    } catch (err) {
      // Someone else created it, or the namespace went away or started terminating meanwhile.
      if (err instanceof ApiError && (err.code === 409 || err.code === 404 || (err.code === 403 && isTerminatingCause(err)))) return;
      throw err;
    }
  }
}

function isTerminatingCause(err: ApiError): boolean {
  return (err.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating');
}

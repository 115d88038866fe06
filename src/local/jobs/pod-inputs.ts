// The Secrets and ConfigMaps a pod reads (env, envFrom, volumes), fetched once per start, and the
// kubelet's errors when one is missing: a pod that cannot get them does not start
// (CreateContainerConfigError). Values never appear in errors or logs.
import { CONFIGMAPS, SECRETS, type KubeClient } from '../../kube/index.js';
import type { Pod } from '../../api/core/index.js';
import { getIfExists } from '../object-access.js';

interface DataObject {
  metadata?: { name?: string };
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

/** A container that cannot be configured; `message` is what the kubelet would say. */
export class ContainerConfigError extends Error {}

export type SourceKind = 'Secret' | 'ConfigMap';

export class PodInputs {
  private readonly cache = new Map<string, Promise<Map<string, Buffer> | undefined>>();

  constructor(
    private readonly client: KubeClient,
    private readonly pod: Pod,
  ) {}

  get namespace(): string {
    return this.pod.metadata.namespace ?? '';
  }

  /** All keys of a Secret or ConfigMap as bytes; undefined when it does not exist. */
  async data(kind: SourceKind, name: string): Promise<Map<string, Buffer> | undefined> {
    const key = `${kind}/${name}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.fetch(kind, name);
      this.cache.set(key, entry);
    }
    return entry;
  }

  /** The whole object's data, or an error unless it is optional (then empty). */
  async required(kind: SourceKind, name: string | undefined, optional: boolean | undefined): Promise<Map<string, Buffer>> {
    const data = name ? await this.data(kind, name) : undefined;
    if (data) return data;
    if (optional) return new Map();
    throw new ContainerConfigError(`${kind === 'Secret' ? 'secret' : 'configmap'} "${name ?? ''}" not found`);
  }

  /** One key; undefined when optional and absent. */
  async value(kind: SourceKind, name: string | undefined, key: string, optional: boolean | undefined): Promise<Buffer | undefined> {
    const data = await this.required(kind, name, optional);
    const value = data.get(key);
    if (value !== undefined || optional) return value;
    throw new ContainerConfigError(`couldn't find key ${key} in ${kind} ${this.namespace}/${name ?? ''}`);
  }

  private async fetch(kind: SourceKind, name: string): Promise<Map<string, Buffer> | undefined> {
    const obj = await getIfExists<DataObject>(this.client, kind === 'Secret' ? SECRETS : CONFIGMAPS, name, this.namespace);
    if (!obj) return undefined;
    const out = new Map<string, Buffer>();
    if (kind === 'Secret') {
      for (const [k, v] of Object.entries(obj.data ?? {})) out.set(k, Buffer.from(v, 'base64'));
    } else {
      for (const [k, v] of Object.entries(obj.data ?? {})) out.set(k, Buffer.from(v, 'utf8'));
      for (const [k, v] of Object.entries(obj.binaryData ?? {})) out.set(k, Buffer.from(v, 'base64'));
    }
    return out;
  }
}

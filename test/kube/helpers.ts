import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, isAlreadyExists } from '../../src/kube/index.js';
import { CONFIGMAPS, NAMESPACES } from '../../src/kube/index.js';
export { CONFIGMAPS, NAMESPACES };

export interface ConfigMap {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: { [k: string]: string };
    annotations?: { [k: string]: string };
  };
  data?: { [k: string]: string };
}

/** Polls until `check` returns a value other than undefined/false, or fails with `what`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastErr ? ` (last error: ${String(lastErr)})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/** The ConfigMap every namespace holds on a real cluster, and on the hub. */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';

/** Creates the namespace and waits for what a namespace gets on its own (kube-root-ca.crt). */
export async function ensureNamespaceWithDefaults(client: KubeClient, name: string): Promise<void> {
  await ensureNamespace(client, name);
  await waitFor(`${ROOT_CA_CONFIG_MAP} in ${name}`, () => client.get(CONFIGMAPS, ROOT_CA_CONFIG_MAP, { namespace: name }).then(() => true));
}

/** Runs `fn` over `items` with at most `width` calls in flight. */
export async function inParallel<I>(items: I[], width: number, fn: (item: I, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

/** A KubeConfig for the same hub and credentials, but through another server URL (a proxy). */
export function kubeConfigVia(kubeconfigYaml: string, hubUrl: string, serverUrl: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml.split(hubUrl).join(serverUrl));
  return kc;
}

/** Numeric comparison of the hub's resourceVersions (opaque to clients, integers on the hub). */
export function rvNum(rv: string | undefined): number {
  return Number(rv ?? NaN);
}

export function cm(namespace: string, name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, ...(labels ? { labels } : {}) }, data };
}

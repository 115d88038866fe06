// Kubeconfigs the fleet stand-ins hand around: a hub's bootstrap kubeconfig (what a klusterlet
// attaches with) and the clients the import stand-in builds from an auto-import-secret.
import { KubeConfig } from '@kubernetes/client-node';
import { stringify as toYaml } from 'yaml';

export interface KubeconfigParts {
  server: string;
  /** PEM of the CA that signed the server's certificate; absent with `insecure`. */
  caCert?: string;
  token: string;
  /** The context's cluster name: part of a hub's identity for the klusterlet. */
  clusterName?: string;
  /** Skip server certificate verification (the import controller does for server+token). */
  insecure?: boolean;
}

/** A one-context kubeconfig in YAML. */
export function renderKubeconfig(parts: KubeconfigParts): string {
  const clusterName = parts.clusterName ?? 'default-cluster';
  const cluster: Record<string, unknown> = { server: parts.server };
  if (parts.insecure) cluster['insecure-skip-tls-verify'] = true;
  else if (parts.caCert) cluster['certificate-authority-data'] = Buffer.from(parts.caCert).toString('base64');
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster }],
    users: [{ name: 'default-auth', user: { token: parts.token } }],
    contexts: [{ name: 'default-context', context: { cluster: clusterName, user: 'default-auth' } }],
    'current-context': 'default-context',
  });
}

/** Parses a kubeconfig; throws an Error naming what is wrong (never echoing the content). */
export function parseKubeconfig(text: string, what: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    throw new Error(`${what} is not a valid kubeconfig: ${(err as Error).message.split('\n')[0]}`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new Error(`${what} has no current cluster with a server`);
  return kc;
}

function identityOf(kc: KubeConfig): string {
  const cluster = kc.getCurrentCluster();
  const context = kc.getContextObject(kc.getCurrentContext());
  return JSON.stringify([cluster?.server ?? '', cluster?.proxyUrl ?? '', cluster?.caData ?? '', cluster?.caFile ?? '', context?.cluster ?? '']);
}

/**
 * Whether two kubeconfigs name the same hub as the klusterlet judges it (IsHubKubeconfigValid):
 * same server, proxy URL, CA bundle and context cluster name. Credentials do not matter.
 */
export function sameHub(a: KubeConfig, b: KubeConfig): boolean {
  return identityOf(a) === identityOf(b);
}

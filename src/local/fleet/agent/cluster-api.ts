import type { KubeConfig } from '@kubernetes/client-node';

/**
 * The Kubernetes API of one simulated managed cluster, as its agents see it. Whoever runs the
 * simulation provides it (the CLI serves each cluster from an embedded hub of its own); the agents
 * only reach it through KubeClient, except to issue tokens.
 */
export interface ManagedClusterApi {
  /** The ManagedCluster name on the hub. */
  readonly name: string;
  /** The API URL the hub's import controller reaches the cluster at. */
  readonly url: string;
  /** PEM of the CA that signed the API's serving certificate. */
  readonly caCert: string;
  /** Admin access for the cluster's own agents. */
  readonly admin: KubeConfig;
  /**
   * The TokenRequest stand-in: a bearer token for `user` that this cluster's API accepts until
   * `expiresAt` (epoch ms), and refuses with 401 after it.
   */
  issueToken(user: string, expiresAt?: number): string;
}

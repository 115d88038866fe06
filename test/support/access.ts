import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeClient } from '../../src/kube/index.js';
import type { Kubectl } from './kubectl.js';

/** How a test reaches a hub, in this process or in a `lifeboat` process. */
export interface HubAccess {
  /** A client for the hub, closed at teardown. */
  client: KubeClient;
  kubeConfig: KubeConfig;
  kubeconfigPath: string;
  dataDir: string;
  /** The machine's real kubectl against this hub, with a fresh cache directory of its own. */
  kubectl: Kubectl;
  /** Stops what was started for this hub, last first, and removes its temp dirs. */
  teardown(): Promise<void>;
}

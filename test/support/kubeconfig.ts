import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../../src/kube/index.js';

export function kubeConfigFrom(kubeconfigPath: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc;
}

/** A client for the hub a kubeconfig file points at; the caller closes it. */
export function clientFor(kubeconfigPath: string): KubeClient {
  return new KubeClient(kubeConfigFrom(kubeconfigPath));
}

/** A KubeConfig for the same hub and credentials, but through another server URL (a proxy). */
export function kubeConfigVia(kubeconfigYaml: string, hubUrl: string, serverUrl: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfigYaml.split(hubUrl).join(serverUrl));
  return kc;
}

// How a `lifeboat` command finds its hub: --kubeconfig, then $KUBECONFIG, then the kubeconfig
// `lifeboat up` wrote into --data-dir.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export interface HubLocation {
  kubeconfig?: string;
  /** A `lifeboat up` data directory; without one, ./.lifeboat when it holds a kubeconfig. */
  dataDir?: string;
}

/** Throws an error whose message says what was tried; never one that quotes the file (it holds credentials). */
export function loadHubKubeConfig(where: HubLocation, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kubeConfig = new KubeConfig();
  const dataDir = where.dataDir ?? (existsSync(path.join('.lifeboat', 'kubeconfig')) ? '.lifeboat' : undefined);
  const file = where.kubeconfig ?? (env.KUBECONFIG || dataDir === undefined ? undefined : path.join(dataDir, 'kubeconfig'));
  try {
    if (file === undefined) kubeConfig.loadFromDefault();
    else {
      if (!where.kubeconfig && !existsSync(file)) {
        throw new Error(`no hub found: ${file} does not exist; start one with \`lifeboat up --data-dir ${dataDir}\`, or pass --kubeconfig or set KUBECONFIG`);
      }
      kubeConfig.loadFromFile(file);
    }
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    throw new Error(message.startsWith('no hub found') ? message : `cannot read kubeconfig ${file ?? env.KUBECONFIG}: ${message}`);
  }
  if (!kubeConfig.getCurrentCluster()?.server) throw new Error('the kubeconfig names no current cluster: pass --kubeconfig or set KUBECONFIG');
  return kubeConfig;
}

/** The namespace of the kubeconfig's current context, as kubectl defaults it. */
export function contextNamespace(kubeConfig: KubeConfig): string {
  const context = kubeConfig.getContextObject(kubeConfig.getCurrentContext());
  return context?.namespace || 'default';
}

// Which hub a CLI command talks to: --kubeconfig, else --data-dir's kubeconfig (a `lifeboat up`
// hub), else $KUBECONFIG, else ./.lifeboat/kubeconfig when it exists, else ~/.kube/config or the
// in-cluster service account.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export interface HubSelection {
  kubeconfig?: string;
  dataDir?: string;
}

export function loadHubKubeConfig(selection: HubSelection): { kubeConfig: KubeConfig; source: string } {
  const kubeConfig = new KubeConfig();
  const file =
    selection.kubeconfig ??
    (selection.dataDir ? path.join(selection.dataDir, 'kubeconfig') : undefined) ??
    (process.env.KUBECONFIG ? undefined : existsSync('.lifeboat/kubeconfig') ? '.lifeboat/kubeconfig' : undefined);
  try {
    if (file) kubeConfig.loadFromFile(file);
    else kubeConfig.loadFromDefault();
  } catch (err) {
    // Only the first line: YAML parse errors go on to quote the file, which holds credentials.
    throw new Error(`cannot read kubeconfig ${file ?? '(default)'}: ${(err as Error).message.split('\n')[0]}`);
  }
  return { kubeConfig, source: file ?? (process.env.KUBECONFIG ? '$KUBECONFIG' : 'the default kubeconfig') };
}

// Gathers what the schedule templates depend on from the live API: discovered resources, the
// local cluster's name and the MultiClusterHub namespace.
import type { Logger } from 'pino';
import { MCH_CHARTS_CHANNEL_NAME, CHANNELS, type Channel } from '../../api/ocm/index.js';
import type { KubeClient, KubeObject } from '../../kube/index.js';
import { isApiAbsent, localClusterNameOrDefault } from '../hub-identity.js';
import { discoverBackupResources } from './discover.js';
import type { SelectionInputs } from './templates.js';

/** Namespaces holding a `charts-v1` Channel; none when the Channel API is absent (decision 6). */
export async function mchNamespaces(client: KubeClient, signal?: AbortSignal): Promise<string[]> {
  try {
    const channels = await client.list<Channel & KubeObject>(CHANNELS, { signal });
    return [
      ...new Set(
        channels.items
          .filter((c) => c.metadata?.name === MCH_CHARTS_CHANNEL_NAME)
          .map((c) => c.metadata?.namespace ?? '')
          .filter(Boolean),
      ),
    ];
  } catch (err) {
    if (isApiAbsent(err)) return [];
    throw err;
  }
}

export async function gatherSelectionInputs(
  client: KubeClient,
  backupNamespace: string,
  opts: { signal?: AbortSignal; log?: Logger } = {},
): Promise<SelectionInputs> {
  const [resources, localClusterName, mch] = await Promise.all([
    discoverBackupResources(client, opts),
    localClusterNameOrDefault(client, opts),
    mchNamespaces(client, opts.signal),
  ]);
  return { resources, localClusterName, backupNamespace, mchNamespaces: mch };
}

// The resource names the schedules select, computed from the API's live discovery documents
// (hub-backup.md §2.4.2) on every pass, so that a CRD installed in a qualifying group changes the
// schedules without a restart. The client's own discovery cache is bypassed on purpose.
import type { Logger } from 'pino';
import { groupVersionPath, type KubeClient } from '../../kube/index.js';
import { ACTIVATION_RESOURCES, AGENT_INSTALL_GROUP, EXCLUDED_CRDS, shouldBackupApiGroup } from './api-groups.js';

interface ApiGroupList {
  groups?: { name: string; versions?: { version: string }[] }[];
}

interface ApiResourceList {
  resources?: { name: string; kind: string }[];
}

export interface DiscoveredResources {
  /** The fixed activation list followed by every discovered `agent-install.openshift.io` kind. */
  activation: string[];
  /** Every other qualifying `kind.group`, `*.hive.openshift.io` ones included. */
  backup: string[];
}

export async function discoverBackupResources(client: KubeClient, opts: { signal?: AbortSignal; log?: Logger } = {}): Promise<DiscoveredResources> {
  const groups = await client.transport.json<ApiGroupList>({ method: 'GET', path: '/apis', signal: opts.signal });
  const activation = [...ACTIVATION_RESOURCES];
  const backup: string[] = [];
  for (const group of groups.groups ?? []) {
    if (!shouldBackupApiGroup(group.name)) continue;
    for (const { version } of group.versions ?? []) {
      let doc: ApiResourceList;
      try {
        doc = await client.transport.json<ApiResourceList>({ method: 'GET', path: groupVersionPath(group.name, version), signal: opts.signal });
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        opts.log?.warn(
          { groupVersion: `${group.name}/${version}`, err: err instanceof Error ? err.message : String(err) },
          'discovery of a group version failed; skipping it',
        );
        continue;
      }
      // Subresources carry their parent's kind, so they collapse into the same name.
      for (const resource of doc.resources ?? []) {
        const kind = resource.kind.toLowerCase();
        const name = `${kind}.${group.name}`;
        if (EXCLUDED_CRDS.includes(kind) || EXCLUDED_CRDS.includes(name)) continue;
        if (group.name === AGENT_INSTALL_GROUP) {
          if (!activation.includes(name)) activation.push(name);
          continue;
        }
        if (activation.includes(kind) || activation.includes(name) || backup.includes(name)) continue;
        backup.push(name);
      }
    }
  }
  return { activation, backup };
}

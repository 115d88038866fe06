import { backupCrds } from '../../src/api/backup/index.js';
import { ocmCrds } from '../../src/api/ocm/index.js';
import { veleroCrds } from '../../src/api/velero/index.js';
import { installCrds } from '../../src/cli/install-crds.js';
import type { KubeClient, ResourceRef } from '../../src/kube/index.js';
import { waitFor } from './wait.js';

/** The CRDs Lifeboat ships, by API: velero.io, the BackupSchedule/Restore API, and the OCM/Hive/OpenShift stand-ins. */
export type CrdSet = 'velero' | 'backup' | 'ocm';

const CRD_SETS: Record<CrdSet, () => object[]> = { velero: veleroCrds, backup: backupCrds, ocm: ocmCrds };

/** What `lifeboat up` installs (with its default --ocm-crds). */
export const UP_CRD_SETS: readonly CrdSet[] = ['velero', 'backup', 'ocm'];

interface CrdShape {
  spec: { group: string; scope: string; names: { plural: string }; versions: { name: string; storage: boolean }[] };
}

/** Installs the CRDs the way `lifeboat up` does and returns once the hub serves every one of them. */
export async function installCrdSets(client: KubeClient, sets: readonly CrdSet[]): Promise<void> {
  const crds = sets.flatMap((set) => CRD_SETS[set]());
  await installCrds(client, crds);
  await waitUntilServed(client, crds as CrdShape[]);
}

/** CRDs are served asynchronously: waits until a list of each kind succeeds. */
async function waitUntilServed(client: KubeClient, crds: CrdShape[]): Promise<void> {
  const refs = crds.map(({ spec }): ResourceRef => {
    const version = spec.versions.find((v) => v.storage) ?? spec.versions[0];
    return { group: spec.group, version: version.name, plural: spec.names.plural, namespaced: spec.scope === 'Namespaced' };
  });
  const pending = new Set(refs);
  await waitFor(
    `the CRDs of ${crds.length} kinds to be served`,
    async () => {
      for (const ref of [...pending]) {
        const served = await client.list(ref, { limit: 1 }).then(
          () => true,
          () => false,
        );
        if (!served) return false;
        pending.delete(ref);
      }
      return true;
    },
    20_000,
  );
}

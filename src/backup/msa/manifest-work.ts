// The ManifestWork that gives an auto-import service account the right to bootstrap the klusterlet
// (hub-backup.md §5.1.3 step 3): a ClusterRoleBinding to `klusterlet-bootstrap-kubeconfig`, pushed
// to the managed cluster. It is labelled `cluster-activation` so that it is restored only with the
// managed clusters.
import type { Logger } from 'pino';
import { BACKUP_LABEL_VALUES, LABEL_ADDON_NAME_WORK, LABEL_BACKUP, MSA_ADDON_NAME } from '../../api/backup/index.js';
import { DEFAULT_ADDON_INSTALL_NAMESPACE, MANIFEST_WORKS, type ManifestWork } from '../../api/ocm/index.js';
import { isAlreadyExists, isNotFound, type KubeClient } from '../../kube/index.js';

export const IMPORT_WORK = `addon-${MSA_ADDON_NAME}-import`;
export const IMPORT_PAIR_WORK = `addon-${MSA_ADDON_NAME}-import-pair`;
export const IMPORT_BINDING = 'managedserviceaccount-import';
export const IMPORT_PAIR_BINDING = 'managedserviceaccount-import-pair';
export const BOOTSTRAP_CLUSTER_ROLE = 'klusterlet-bootstrap-kubeconfig';
/** Suffix of the works (and bindings) for an add-on in a non-default install namespace. */
export const CUSTOM_SUFFIX = '-custom-2';
/** Suffix of the works ACM 2.8.2 created; they are deleted on sight. */
export const LEGACY_CUSTOM_SUFFIX = '-custom';

export interface ImportWorkKind {
  work: string;
  binding: string;
  serviceAccount: string;
}

function importWork(cluster: string, kind: ImportWorkKind, installNamespace: string): ManifestWork {
  const custom = installNamespace !== DEFAULT_ADDON_INSTALL_NAMESPACE;
  return {
    apiVersion: 'work.open-cluster-management.io/v1',
    kind: 'ManifestWork',
    metadata: {
      name: custom ? kind.work + CUSTOM_SUFFIX : kind.work,
      namespace: cluster,
      labels: { [LABEL_ADDON_NAME_WORK]: MSA_ADDON_NAME, [LABEL_BACKUP]: BACKUP_LABEL_VALUES.clusterActivation },
    },
    spec: {
      workload: {
        manifests: [
          {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRoleBinding',
            metadata: { name: custom ? kind.binding + CUSTOM_SUFFIX : kind.binding },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: BOOTSTRAP_CLUSTER_ROLE },
            subjects: [{ kind: 'ServiceAccount', name: kind.serviceAccount, namespace: installNamespace }],
          },
        ],
      },
    },
  };
}

async function ensureOne(
  client: KubeClient,
  cluster: string,
  kind: ImportWorkKind,
  installNamespace: string,
  log: Logger,
  signal?: AbortSignal,
): Promise<void> {
  const desired = importWork(cluster, kind, installNamespace);
  const existing = await client.list<ManifestWork>(MANIFEST_WORKS, { namespace: cluster, labelSelector: `${LABEL_ADDON_NAME_WORK}=${MSA_ADDON_NAME}`, signal });
  if (existing.items.some((w) => w.metadata.name === desired.metadata.name)) return;
  try {
    await client.create(MANIFEST_WORKS, desired, { signal });
    log.info({ namespace: cluster, name: desired.metadata.name, installNamespace }, 'ManifestWork for auto-import created');
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/**
 * Ensures the work for `installNamespace`, and also the default-namespace variant when the add-on
 * runs elsewhere: from ACM 2.9 the MSA agent ignores a custom install namespace.
 */
export async function ensureImportWork(
  client: KubeClient,
  cluster: string,
  kind: ImportWorkKind,
  installNamespace: string,
  log: Logger,
  signal?: AbortSignal,
): Promise<void> {
  await ensureOne(client, cluster, kind, installNamespace, log, signal);
  if (installNamespace !== DEFAULT_ADDON_INSTALL_NAMESPACE) await ensureOne(client, cluster, kind, DEFAULT_ADDON_INSTALL_NAMESPACE, log, signal);
}

/** ACM 2.8.2's `-custom` works bind the same account twice; they are replaced by the `-custom-2` ones. */
export async function deleteLegacyWorks(client: KubeClient, cluster: string, log: Logger, signal?: AbortSignal): Promise<void> {
  for (const name of [IMPORT_WORK + LEGACY_CUSTOM_SUFFIX, IMPORT_PAIR_WORK + LEGACY_CUSTOM_SUFFIX]) {
    try {
      await client.delete(MANIFEST_WORKS, name, { namespace: cluster, signal });
      log.info({ namespace: cluster, name }, 'legacy auto-import ManifestWork deleted');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

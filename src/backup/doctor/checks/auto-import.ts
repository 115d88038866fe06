// auto-import-backup-label and auto-import-account-secret: what the auto-import of imported
// clusters after a restore needs from the ManagedServiceAccount secrets (hub-backup.md §5).

import { AUTO_IMPORT_ACCOUNT, AUTO_IMPORT_ACCOUNT_PAIR, BACKUP_LABEL_VALUES, DEFAULT_LOCAL_CLUSTER_NAME, LABEL_BACKUP } from '../../../api/backup/index.js';
import { MANAGED_SERVICE_ACCOUNTS, MSA_COMPONENTS, MULTICLUSTER_ENGINES, type ManagedServiceAccount, type MultiClusterEngine } from '../../../api/ocm/index.js';
import type { KubeClient, KubeObject } from '../../../kube/index.js';
import { listIfServed } from '../api.js';
import { listNames, nameOf, qualifiedName } from '../describe.js';
import { NAMESPACES, SECRETS } from '../refs.js';
import { fail, notApplicable, pass, type CheckDefinition } from '../types.js';

const MANAGED_CLUSTER_NAMESPACE_LABEL = 'cluster.open-cluster-management.io/managedCluster';
const ACCOUNT_NAMES = new Set([AUTO_IMPORT_ACCOUNT, AUTO_IMPORT_ACCOUNT_PAIR]);

/** Namespaces of managed clusters other than the hub's own, as the policy selects them. */
async function managedClusterNamespaces(client: KubeClient): Promise<string[]> {
  const namespaces: string[] = [];
  for await (const ns of client.listAll<KubeObject>(NAMESPACES, { labelSelector: MANAGED_CLUSTER_NAMESPACE_LABEL })) {
    if (ns.metadata?.labels?.[MANAGED_CLUSTER_NAMESPACE_LABEL] !== DEFAULT_LOCAL_CLUSTER_NAME) namespaces.push(nameOf(ns));
  }
  return namespaces;
}

export const autoImportBackupLabel: CheckDefinition = {
  id: 'auto-import-backup-label',
  title: 'auto-import account secrets labelled for backup',
  async run({ client }) {
    const unlabelled: string[] = [];
    let seen = 0;
    for (const namespace of await managedClusterNamespaces(client)) {
      for await (const secret of client.listAll<KubeObject>(SECRETS, { namespace })) {
        if (!ACCOUNT_NAMES.has(nameOf(secret))) continue;
        seen++;
        if (secret.metadata?.labels?.[LABEL_BACKUP] !== BACKUP_LABEL_VALUES.msa) unlabelled.push(qualifiedName(secret));
      }
    }
    if (unlabelled.length > 0) {
      return fail(
        `Secret ${listNames(unlabelled)} lacks the label ${LABEL_BACKUP}=${BACKUP_LABEL_VALUES.msa}, so it is not backed up and the cluster cannot be auto-imported after a restore: label it (the ACM policy enforces this label).`,
      );
    }
    return pass(
      seen === 0
        ? 'no auto-import account secrets in managed-cluster namespaces'
        : `all ${seen} auto-import account secrets carry ${LABEL_BACKUP}=${BACKUP_LABEL_VALUES.msa}`,
    );
  },
};

/** `undefined` when no MultiClusterEngine says either way; the MSA API's presence then decides. */
async function msaComponentEnabled(client: KubeClient): Promise<boolean | undefined> {
  const engines = await listIfServed<MultiClusterEngine>(client, MULTICLUSTER_ENGINES);
  if (!engines || engines.length === 0) return undefined;
  return engines.some((mce) => (mce.spec?.overrides?.components ?? []).some((c) => MSA_COMPONENTS.includes(c.name) && c.enabled === true));
}

export const autoImportAccountSecret: CheckDefinition = {
  id: 'auto-import-account-secret',
  title: 'auto-import ManagedServiceAccounts have their token secrets',
  async run({ client }) {
    if ((await msaComponentEnabled(client)) === false) {
      return notApplicable(`the MultiClusterEngine does not enable ${MSA_COMPONENTS.join(' or ')}: auto-import through ManagedServiceAccounts is off`);
    }
    const accounts = await listIfServed<ManagedServiceAccount>(client, MANAGED_SERVICE_ACCOUNTS);
    if (accounts === undefined) return notApplicable('the ManagedServiceAccount API is not served: auto-import through ManagedServiceAccounts is off');
    const namespaces = new Set(await managedClusterNamespaces(client));
    const relevant = accounts.filter((msa) => ACCOUNT_NAMES.has(nameOf(msa)) && namespaces.has(msa.metadata?.namespace ?? ''));
    const secretNames = new Map<string, Set<string>>();
    const missing: string[] = [];
    for (const msa of relevant) {
      const namespace = msa.metadata?.namespace ?? '';
      let names = secretNames.get(namespace);
      if (!names) {
        names = new Set(((await listIfServed<KubeObject>(client, SECRETS, { namespace })) ?? []).map(nameOf));
        secretNames.set(namespace, names);
      }
      if (!names.has(nameOf(msa))) missing.push(qualifiedName(msa));
    }
    const seen = relevant.length;
    if (missing.length > 0) {
      return fail(
        `ManagedServiceAccount ${listNames(missing)} has no token Secret of the same name: the managed-serviceaccount addon has not delivered a token, so that cluster cannot be auto-imported after a restore. Check the addon on the managed cluster.`,
      );
    }
    return pass(
      seen === 0
        ? 'no auto-import ManagedServiceAccounts in managed-cluster namespaces'
        : `all ${seen} auto-import ManagedServiceAccounts have their token Secret`,
    );
  },
};

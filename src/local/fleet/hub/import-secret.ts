// Stand-in for the import controller's import-config part: for every ManagedCluster the hub keeps a
// Secret `<cluster>-import` whose `import.yaml` is what importing applies on the managed cluster.
// Upstream that is the whole klusterlet (CRDs, operator, Klusterlet CR); here it is the agent
// namespace and the `bootstrap-hub-kubeconfig` Secret, which is all a simulated klusterlet reads.
// The bootstrap token is minted once per cluster and kept in this Secret, like upstream's
// bootstrap service-account token; the Secret carries no backup label, so it is never backed up.
import { parseAllDocuments, stringify as toYaml } from 'yaml';
import { SECRETS, isAlreadyExists, type KubeClient } from '../../../kube/index.js';
import { getIfExists, secretValue, type SecretObject } from '../objects.js';
import { AGENT_NAMESPACE, BOOTSTRAP_HUB_KUBECONFIG_SECRET, IMPORT_SECRET_SUFFIX, IMPORT_YAML_KEY, LABEL_IMPORT_SECRET } from '../constants.js';
import { renderKubeconfig } from '../kubeconfig.js';

/** What the hub side needs to hand a cluster a kubeconfig for itself. */
export interface HubIdentity {
  /** The hub's API URL as managed clusters reach it. */
  url: string;
  /** PEM of the hub's serving CA. */
  caCert: string;
  /** Issues a bearer token this hub accepts, for the given user name. */
  mintToken(user: string): string;
}

export function importSecretName(cluster: string): string {
  return `${cluster}-${IMPORT_SECRET_SUFFIX}`;
}

/** The bootstrap kubeconfig of this hub for one cluster (a fresh token). */
function bootstrapKubeconfig(hub: HubIdentity, cluster: string): string {
  const token = hub.mintToken(`system:serviceaccount:${cluster}:${cluster}-bootstrap-sa`);
  return renderKubeconfig({ server: hub.url, caCert: hub.caCert, token, clusterName: 'default-cluster' });
}

function importYaml(kubeconfig: string): string {
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: AGENT_NAMESPACE } };
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name: BOOTSTRAP_HUB_KUBECONFIG_SECRET, namespace: AGENT_NAMESPACE },
    data: { kubeconfig: Buffer.from(kubeconfig).toString('base64') },
  };
  return [namespace, secret].map((o) => toYaml(o)).join('---\n');
}

/** The `<cluster>-import` Secret, created (with a newly minted bootstrap token) when missing. */
export async function ensureImportSecret(client: KubeClient, hub: HubIdentity, cluster: string, signal?: AbortSignal): Promise<SecretObject> {
  const name = importSecretName(cluster);
  const existing = await getIfExists<SecretObject>(client, SECRETS, name, cluster, signal);
  if (existing) return existing;
  const secret: SecretObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: { name, namespace: cluster, labels: { [LABEL_IMPORT_SECRET]: 'true' } },
    data: { [IMPORT_YAML_KEY]: Buffer.from(importYaml(bootstrapKubeconfig(hub, cluster))).toString('base64') },
  };
  try {
    return await client.create(SECRETS, secret, { signal });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    return client.get<SecretObject>(SECRETS, name, { namespace: cluster, signal });
  }
}

/** The objects of an import secret's `import.yaml`. */
export function importObjects(secret: SecretObject): SecretObject[] {
  const text = secretValue(secret, IMPORT_YAML_KEY);
  if (!text) throw new Error(`the ${IMPORT_YAML_KEY} is required`);
  return parseAllDocuments(text)
    .map((d) => d.toJS() as SecretObject | null)
    .filter((o): o is SecretObject => !!o && typeof o === 'object' && typeof o.kind === 'string');
}

/** The bootstrap kubeconfig inside an import secret (what `up` hands its own simulated clusters). */
export function bootstrapKubeconfigOf(secret: SecretObject): string {
  const bootstrap = importObjects(secret).find((o) => o.kind === 'Secret' && o.metadata.name === BOOTSTRAP_HUB_KUBECONFIG_SECRET);
  const kubeconfig = secretValue(bootstrap, 'kubeconfig');
  if (!kubeconfig) throw new Error(`failed to find ${BOOTSTRAP_HUB_KUBECONFIG_SECRET} in import secret ${secret.metadata.namespace}/${secret.metadata.name}`);
  return kubeconfig;
}

// The one ensureNamespace: the one `lifeboat up` uses (create, and accept that it exists).
import { CONFIGMAPS, type KubeClient } from '../../src/kube/index.js';
import { ensureNamespace } from '../../src/cli/local-storage.js';
import { ROOT_CA_CONFIG_MAP } from '../../src/hub/controllers/namespace-defaults.js';
import { waitFor } from './wait.js';

export { ensureNamespace };

/** The ConfigMap every namespace holds on a real cluster, and on the hub. */
export { ROOT_CA_CONFIG_MAP };

/** Creates the namespace and waits for what a namespace gets on its own (kube-root-ca.crt). */
export async function ensureNamespaceWithDefaults(client: KubeClient, name: string): Promise<void> {
  await ensureNamespace(client, name);
  await waitFor(
    `${ROOT_CA_CONFIG_MAP} in ${name}`,
    () =>
      client.get(CONFIGMAPS, ROOT_CA_CONFIG_MAP, { namespace: name }).then(
        () => true,
        () => false,
      ),
    20_000,
  );
}

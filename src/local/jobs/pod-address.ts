// The address a pod's processes listen on. Pods share the machine's network, so each gets an
// address of its own in 127.0.0.0/8: the address of the Service that selects it (so the Service's
// port reaches it, as kube-proxy would route it), else one derived from its uid. The runner gives
// it to the container as LIFEBOAT_POD_ADDRESS; movers bind there instead of every address.
import type { Pod } from '../../api/core/index.js';
import type { KubeClient } from '../../kube/index.js';
import { isOwnLoopbackAddress, loopbackAddressFor } from '../../util/loopback.js';
import { SERVICES, selects, type Service } from '../services/service-ref.js';

export const POD_ADDRESS_ENV = 'LIFEBOAT_POD_ADDRESS';

export async function podAddress(client: KubeClient, pod: Pod): Promise<string> {
  const services = (await client.list<Service>(SERVICES, { namespace: pod.metadata.namespace })).items;
  const service = services.find((s) => selects(s, pod.metadata.labels) && isOwnLoopbackAddress(s.spec?.clusterIP ?? ''));
  return service?.spec?.clusterIP ?? loopbackAddressFor(pod.metadata.uid ?? pod.metadata.name ?? '');
}

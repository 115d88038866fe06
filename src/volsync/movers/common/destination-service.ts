// The Service through which a source reaches an rsync or rsync-TLS destination (volsync.md §3.1
// step 2, §3.2 step 2), and the address it publishes: the cluster IP, or a load balancer's
// hostname (else IP). Until there is one the mover waits; after 15 s it says so in a Warning.
import { EventReason } from '../../../api/volsync/index.js';
import { SERVICES, type KubeObject } from '../../../kube/index.js';
import { ownerRef, type MoverContext } from '../../context.js';
import { createOrUpdate, setControllerReference } from '../../create-or-update.js';
import { setOwnedByVolSync } from '../../labels.js';
import type { Typed } from '../../kinds.js';

const DEFAULT_ANNOTATIONS = { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' };
const NO_ADDRESS_WARNING_MS = 15_000;

export type Service = Typed<
  { type?: string; selector?: Record<string, string>; ports?: { name: string; port: number; targetPort: number; protocol: string; nodePort?: number }[]; clusterIP?: string },
  { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } }
>;

export interface DestinationServiceSpec {
  name: string;
  selector: Record<string, string>;
  portName: string;
  port: number;
  targetPort: number;
  serviceType?: string;
  /** nil: VolSync's default annotation; `{}` or more: only the user's. */
  serviceAnnotations?: Record<string, string>;
}

/** Ensures the Service; returns its address, or undefined while it has none. */
export async function ensureDestinationService(ctx: MoverContext, spec: DestinationServiceSpec): Promise<string | undefined> {
  const type = spec.serviceType || 'ClusterIP';
  const { obj: svc } = await createOrUpdate<Service>(
    ctx.client,
    SERVICES,
    ctx.owner.metadata.namespace,
    spec.name,
    (s) => {
      setControllerReference(s, ownerRef(ctx.owner));
      setOwnedByVolSync(s);
      // Existing annotations are never removed.
      s.metadata.annotations = { ...s.metadata.annotations, ...(spec.serviceAnnotations ?? DEFAULT_ANNOTATIONS) };
      const current = s.spec ?? {};
      const nodePort = type === 'ClusterIP' ? undefined : current.ports?.find((p) => p.name === spec.portName)?.nodePort;
      s.spec = {
        ...current,
        type,
        selector: spec.selector,
        ports: [{ name: spec.portName, port: spec.port, targetPort: spec.targetPort, protocol: 'TCP', ...(nodePort ? { nodePort } : {}) }],
      };
    },
    ctx.signal,
  );
  const address = serviceAddress(svc);
  if (!address) {
    const age = ctx.clock.now() - Date.parse(svc.metadata.creationTimestamp ?? '');
    if (age > NO_ADDRESS_WARNING_MS) {
      ctx.events.event(ctx.owner, 'Warning', EventReason.NoServiceAddressAssigned, `waiting for an address to be assigned to Service/${spec.name}; ensure a load balancer serves type ${type}`);
    }
  }
  return address;
}

export function serviceAddress(svc: Service): string | undefined {
  if (svc.spec?.type === 'ClusterIP' || !svc.spec?.type) return svc.spec?.clusterIP || undefined;
  const ingress = svc.status?.loadBalancer?.ingress?.[0];
  return ingress?.hostname || ingress?.ip || undefined;
}

/** Publishes the address in the status, with the event VolSync emits when it changes. */
export function publishAddress(ctx: MoverContext, status: { address?: string }, address: string): void {
  if (status.address === address) return;
  status.address = address;
  ctx.events.event(ctx.owner as KubeObject, 'Normal', EventReason.ServiceAddressAssigned, `listening on address ${address} for incoming connections`);
}

// The embedded hub's load balancer: a Service of type LoadBalancer is reachable at its cluster
// address (in 127.0.0.0/8, see util/loopback), so that address is what it publishes in
// status.loadBalancer.ingress, as a cloud's controller publishes the address it provisioned. A
// Service that stops being a LoadBalancer loses it.
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import { isNotFound } from '../../kube/index.js';
import type { ControllerSpec, ReconcileContext, ReconcileRequest } from '../../kube/runtime/contract.js';
import { SERVICES, type Service } from './service-ref.js';

export function loadBalancerController(log: Logger): ControllerSpec {
  return {
    name: 'local-load-balancer',
    for: SERVICES,
    reconciler: {
      async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<void> {
        let svc: Service;
        try {
          svc = await ctx.client.get<Service>(SERVICES, req.name, { namespace: req.namespace, signal: ctx.signal });
        } catch (err) {
          if (isNotFound(err)) return;
          throw err;
        }
        const ip = svc.spec?.clusterIP;
        const wanted = svc.spec?.type === 'LoadBalancer' && ip && ip !== 'None' ? [{ ip, ipMode: 'VIP' }] : undefined;
        const current = svc.status?.loadBalancer?.ingress;
        if (isDeepStrictEqual(current ?? undefined, wanted)) return;
        if (!wanted && !current?.length) return;
        await ctx.client.updateStatus(SERVICES, { ...svc, status: { ...svc.status, loadBalancer: wanted ? { ingress: wanted } : {} } }, { signal: ctx.signal });
        log.info({ namespace: req.namespace, service: req.name, ip: wanted?.[0]?.ip }, 'load balancer address published');
      },
    },
  };
}

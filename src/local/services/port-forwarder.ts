// kube-proxy for the embedded hub: a Service whose port differs from its numeric targetPort
// (rsync over ssh: port 22 → 8022) is forwarded from `clusterIP:port` to `clusterIP:targetPort`,
// where the selected pod listens. Ports equal to their target need nothing: the pod listens on
// the Service's own address.
import net from 'node:net';
import type { Logger } from 'pino';
import { isNotFound } from '../../kube/index.js';
import type { ControllerSpec, ReconcileContext, ReconcileRequest } from '../../kube/runtime/contract.js';
import { SERVICES, type Service } from './service-ref.js';

interface Forward {
  key: string;
  server: net.Server;
}

export class PortForwarder {
  /** By Service (namespace/name): the forwards it has. */
  private readonly forwards = new Map<string, Forward[]>();

  constructor(private readonly log: Logger) {}

  controller(): ControllerSpec {
    return {
      name: 'local-port-forwarder',
      for: SERVICES,
      reconciler: { reconcile: (req, ctx) => this.reconcile(req, ctx) },
    };
  }

  private async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<void> {
    const id = `${req.namespace}/${req.name}`;
    let svc: Service | undefined;
    try {
      svc = await ctx.client.get<Service>(SERVICES, req.name, { namespace: req.namespace, signal: ctx.signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const ip = svc?.spec?.clusterIP;
    const wanted =
      ip && ip !== 'None' && !svc?.metadata?.deletionTimestamp
        ? (svc?.spec?.ports ?? [])
            .filter((p) => typeof p.targetPort === 'number' && p.port !== undefined && p.port !== p.targetPort)
            .map((p) => ({ key: `${ip}:${p.port}->${p.targetPort as number}`, port: p.port as number, target: p.targetPort as number }))
        : [];
    const current = this.forwards.get(id) ?? [];
    const kept = current.filter((f) => wanted.some((w) => w.key === f.key));
    for (const f of current) if (!kept.includes(f)) f.server.close();
    for (const w of wanted) {
      if (kept.some((f) => f.key === w.key)) continue;
      const server = net.createServer((client) => {
        const upstream = net.connect({ host: ip as string, port: w.target });
        client.pipe(upstream).pipe(client);
        const end = (): void => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', end);
        upstream.on('error', end);
      });
      await new Promise<void>((resolve) => {
        server.once('error', (err) => {
          this.log.warn({ service: id, forward: w.key, err: err.message }, 'cannot forward a Service port');
          resolve();
        });
        server.listen(w.port, ip as string, () => resolve());
      });
      if (server.listening) kept.push({ key: w.key, server });
    }
    if (kept.length > 0) this.forwards.set(id, kept);
    else this.forwards.delete(id);
  }

  stop(): void {
    for (const list of this.forwards.values()) for (const f of list) f.server.close();
    this.forwards.clear();
  }
}

// An embedded hub with the volsync CRDs and the volume-replication controllers running in this
// process, for tests of what the controllers create and report.
import pino from 'pino';
import { Registry } from 'prom-client';
import { KubeClient, Manager, NAMESPACES, isAlreadyExists, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { volsyncCrds } from '../../src/api/volsync/index.js';
import { installCrds } from '../../src/cli/install-crds.js';
import { volsyncControllers, volsyncEventReporter, ensureVolumePopulator } from '../../src/volsync/index.js';
import { startHubEnv, type HubEnv } from '../support/hub-env.js';

export const TEST_MOVER_IMAGE = 'example.com/lifeboat/mover:test';

export interface VolSyncEnv extends HubEnv {
  client: KubeClient;
  manager: Manager;
  registry: Registry;
  namespace(name: string, annotations?: Record<string, string>): Promise<void>;
  apply(yaml: string): Promise<void>;
  get<T extends KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T | undefined>;
  stop(): Promise<void>;
}

export async function startVolSyncEnv(opts: { extraCrds?: object[] } = {}): Promise<VolSyncEnv> {
  const env = await startHubEnv();
  const client = new KubeClient(env.kubeConfig);
  await installCrds(client, [...volsyncCrds(), ...(opts.extraCrds ?? [])]);
  const log = pino({ level: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'silent' });
  const manager = new Manager({ client, log, defaultMetrics: false, reportingController: (c) => volsyncEventReporter(c) ?? `lifeboat.io/${c}` });
  for (const spec of await volsyncControllers(client, { moverImage: TEST_MOVER_IMAGE, registry: manager.metrics, log })) manager.add(spec);
  await ensureVolumePopulator(client, log);
  await manager.start();
  return {
    ...env,
    client,
    manager,
    registry: manager.metrics,
    async namespace(name, annotations) {
      try {
        await client.create(NAMESPACES, { metadata: { name, ...(annotations ? { annotations } : {}) } });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    },
    async apply(yaml) {
      const r = await env.kubectl(['apply', '-f', '-'], { input: yaml });
      if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
    },
    async get<T extends KubeObject>(ref: ResourceRef, namespace: string, name: string) {
      try {
        return await client.get<T>(ref, name, { namespace });
      } catch {
        return undefined;
      }
    },
    async stop() {
      await manager.stop();
      client.close();
      await env.teardown();
    },
  };
}

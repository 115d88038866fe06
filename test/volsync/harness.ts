// An embedded hub with the volsync CRDs and the volume-replication controllers running in this
// process, for tests of what the controllers create and report.
import pino from 'pino';
import { Registry } from 'prom-client';
import { KubeClient, Manager, NAMESPACES, isAlreadyExists, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { volsyncCrds } from '../../src/api/volsync/index.js';
import { installCrds } from '../../src/cli/install-crds.js';
import { volsyncControllers, volsyncEventReporter, ensureVolumePopulator, type VolSyncSettings } from '../../src/volsync/index.js';
import { startHubEnv, type HubEnv } from '../support/hub-env.js';
import { waitFor } from '../support/wait.js';

export const TEST_MOVER_IMAGE = 'example.com/lifeboat/mover:test';

export interface VolSyncEnv extends HubEnv {
  client: KubeClient;
  manager: Manager;
  registry: Registry;
  namespace(name: string, annotations?: Record<string, string>): Promise<void>;
  apply(yaml: string): Promise<void>;
  get<T extends KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T | undefined>;
  /** Polls the object until `check` holds; returns it. */
  waitForObject<T extends KubeObject>(
    ref: ResourceRef,
    namespace: string,
    name: string,
    what: string,
    check?: (o: T) => boolean,
    timeoutMs?: number,
  ): Promise<T>;
  stop(): Promise<void>;
}

export async function startVolSyncEnv(opts: { extraCrds?: object[]; settings?: Partial<VolSyncSettings> } = {}): Promise<VolSyncEnv> {
  const env = await startHubEnv();
  const client = new KubeClient(env.kubeConfig);
  await installCrds(client, [...volsyncCrds(), ...(opts.extraCrds ?? [])]);
  const log = pino({ level: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'silent' });
  const manager = new Manager({ client, log, defaultMetrics: false, reportingController: (c) => volsyncEventReporter(c) ?? `lifeboat.io/${c}` });
  for (const spec of await volsyncControllers(client, { moverImage: TEST_MOVER_IMAGE, registry: manager.metrics, log, settings: opts.settings }))
    manager.add(spec);
  await ensureVolumePopulator(client, log);
  await manager.start();
  const get = async <T extends KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T | undefined> => {
    try {
      return await client.get<T>(ref, name, { namespace });
    } catch {
      return undefined;
    }
  };
  return {
    ...env,
    client,
    get,
    waitForObject: (ref, namespace, name, what, check, timeoutMs) => pollObject(get, ref, namespace, name, what, check, timeoutMs),
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
    async stop() {
      await manager.stop();
      client.close();
      await env.teardown();
    },
  };
}

/** Polls an object through `get` until `check` holds, and returns it. */
export async function pollObject<T extends KubeObject>(
  get: (ref: ResourceRef, namespace: string, name: string) => Promise<T | undefined>,
  ref: ResourceRef,
  namespace: string,
  name: string,
  what: string,
  check: (o: T) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<T> {
  let found: T | undefined;
  await waitFor(
    async () => {
      found = await get(ref, namespace, name);
      return found !== undefined && check(found);
    },
    timeoutMs,
    what,
    250,
  );
  return found as T;
}

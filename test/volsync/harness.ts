// Fixtures of the volume-replication suites, built on test/support: a hub with the volsync CRDs and
// the controllers running in this process, and the object helpers the suites share.
import type { Registry } from 'prom-client';
import { Manager, NAMESPACES, isAlreadyExists, type KubeClient, type KubeObject, type ResourceRef } from '../../src/kube/index.js';
import { volsyncControllers, volsyncEventReporter, ensureVolumePopulator, type VolSyncSettings } from '../../src/volsync/index.js';
import { startHub, testLog, waitFor, type CrdSet, type HubAccess, type TestHub } from '../support/index.js';

export const TEST_MOVER_IMAGE = 'example.com/lifeboat/mover:test';

/** The documentation's restic example. */
export const DOC_RESTIC_SOURCE = (ns: string, name = 'mydata-backup') => `
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: ${name}, namespace: ${ns}}
spec:
  sourcePVC: mydata
  trigger:
    schedule: "*/30 * * * *"
  restic:
    pruneIntervalDays: 14
    repository: restic-config
    retain: {hourly: 6, daily: 5, weekly: 4, monthly: 2, yearly: 1}
    copyMethod: Clone
`;

/** What the suites do with objects on any hub: apply manifests, read and poll objects. */
export interface ObjectHelpers {
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
}

export interface VolSyncEnv extends TestHub, ObjectHelpers {
  manager: Manager;
  registry: Registry;
}

export async function startVolSyncEnv(opts: { settings?: Partial<VolSyncSettings>; crds?: readonly CrdSet[] } = {}): Promise<VolSyncEnv> {
  const hub = await startHub({ crds: ['volsync', ...(opts.crds ?? [])] });
  try {
    const log = testLog();
    const manager = new Manager({ client: hub.client, log, defaultMetrics: false, reportingController: (c) => volsyncEventReporter(c) ?? `lifeboat.io/${c}` });
    for (const spec of await volsyncControllers(hub.client, { moverImage: TEST_MOVER_IMAGE, registry: manager.metrics, log, settings: opts.settings }))
      manager.add(spec);
    await ensureVolumePopulator(hub.client, log);
    await manager.start();
    return {
      ...hub,
      ...objectHelpers(hub),
      manager,
      registry: manager.metrics,
      async teardown() {
        await manager.stop();
        await hub.teardown();
      },
    };
  } catch (err) {
    await hub.teardown();
    throw err;
  }
}

/** The object helpers for a hub reached through `access` (in this process or a `lifeboat up`). */
export function objectHelpers(access: Pick<HubAccess, 'client' | 'kubectl'>, defaultTimeoutMs = 20_000): ObjectHelpers {
  const get = async <T extends KubeObject>(ref: ResourceRef, namespace: string, name: string): Promise<T | undefined> => getIfExists<T>(access.client, ref, namespace, name);
  return {
    get,
    waitForObject: <T extends KubeObject>(ref: ResourceRef, namespace: string, name: string, what: string, check: (o: T) => boolean = () => true, timeoutMs = defaultTimeoutMs) =>
      waitFor(
        what,
        async () => {
          const found = await get<T>(ref, namespace, name);
          return found !== undefined && check(found) ? found : undefined;
        },
        timeoutMs,
        250,
      ),
    async namespace(name, annotations) {
      try {
        await access.client.create(NAMESPACES, { metadata: { name, ...(annotations ? { annotations } : {}) } });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    },
    async apply(yaml) {
      const r = await access.kubectl(['apply', '-f', '-'], { input: yaml });
      if (r.code !== 0) throw new Error(`kubectl apply failed: ${r.stderr}`);
    },
  };
}

async function getIfExists<T extends KubeObject>(client: KubeClient, ref: ResourceRef, namespace: string, name: string): Promise<T | undefined> {
  try {
    return await client.get<T>(ref, name, { namespace });
  } catch {
    return undefined;
  }
}

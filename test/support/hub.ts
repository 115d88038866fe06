import { rm } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { EmbeddedHub, type HubOptions } from '../../src/hub/hub.js';
import { KubeClient } from '../../src/kube/index.js';
import type { HubAccess } from './access.js';
import { TestClock } from './clock.js';
import { installCrdSets, type CrdSet } from './crds.js';
import { kubectlFor } from './kubectl.js';
import { testLog } from './log.js';
import { ensureNamespace } from './namespaces.js';
import { VELERO_NS, addStorageLocation, type LocationOptions, type StorageLocation } from './storage-location.js';
import { Teardown } from './teardown.js';
import { tempDir } from './temp.js';
import { runUp, type UpOptions } from './up.js';

export interface StartHubOptions extends Partial<Pick<HubOptions, 'port' | 'maintenance' | 'bookmarkIntervalMs' | 'gcSweepIntervalMs'>> {
  /** A data directory to reuse (left in place at teardown); otherwise a fresh one, removed at teardown. */
  dataDir?: string;
  /** The hub's time (creation timestamps, expiries); default the wall clock. */
  clock?: TestClock;
  /** CRDs installed as `lifeboat up` installs them; startHub returns once they are served. */
  crds?: readonly CrdSet[];
  namespaces?: readonly string[];
  /** An Available directory BackupStorageLocation in the `velero` namespace (implies the velero.io CRDs and that namespace). */
  location?: LocationOptions;
  /** What `lifeboat up` adds: its CRDs, the storage location and the controllers with the engine, in this process. */
  up?: UpOptions;
}

export interface TestHub extends HubAccess {
  hub: EmbeddedHub;
  /** The hub's clock, to hand to the code under test too. */
  clock: TestClock;
}

export type HubWithStorage = TestHub & { location: StorageLocation };

/** Starts an embedded hub in this process on a free port, with what `opts` asks for. */
export function startHub(opts: StartHubOptions & { location: LocationOptions }): Promise<HubWithStorage>;
export function startHub(opts?: StartHubOptions): Promise<TestHub>;
export async function startHub(opts: StartHubOptions = {}): Promise<TestHub & { location?: StorageLocation }> {
  const teardown = new Teardown();
  let dataDir = opts.dataDir;
  if (dataDir === undefined) {
    const own = await tempDir('hub');
    teardown.add(() => rm(own, { recursive: true, force: true }));
    dataDir = own;
  }
  const clock = opts.clock ?? new TestClock();
  try {
    const { crds = [], namespaces = [], location: locationOptions, up, clock: _clock, dataDir: _dataDir, ...hubOptions } = opts;
    const hub = await EmbeddedHub.start({ port: 0, host: '127.0.0.1', log: testLog(), ...hubOptions, dataDir, clock });
    teardown.add(() => hub.stop());
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(hub.kubeconfigPath);
    const client = new KubeClient(kubeConfig);
    teardown.add(() => client.close());
    const { kubectl, dispose } = await kubectlFor(hub.kubeconfigPath);
    teardown.add(dispose);

    const crdSets = locationOptions && !crds.includes('velero') ? [...crds, 'velero' as const] : crds;
    if (crdSets.length > 0) await installCrdSets(client, crdSets);
    for (const ns of locationOptions && !namespaces.includes(VELERO_NS) ? [...namespaces, VELERO_NS] : namespaces) await ensureNamespace(client, ns);
    const location = locationOptions && (await addStorageLocation(client, teardown, locationOptions));
    if (up) await runUp(client, kubeConfig, teardown, up);
    return {
      hub,
      client,
      clock,
      kubeConfig,
      kubeconfigPath: hub.kubeconfigPath,
      dataDir,
      kubectl,
      teardown: () => teardown.run(),
      ...(location ? { location } : {}),
    };
  } catch (err) {
    await teardown.run();
    throw err;
  }
}

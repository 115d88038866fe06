// Shared set-up for the prepareForBackup, MSA and collision tests (no tests of its own): a real
// embedded hub with the OCM/Hive and BackupSchedule CRDs, and a ReconcileContext over it.
import { KubeConfig } from '@kubernetes/client-node';
import { backupCrds } from '../../src/api/backup/index.js';
import { ocmCrds } from '../../src/api/ocm/index.js';
import { installCrds } from '../../src/cli/install-crds.js';
import { KubeClient, isAlreadyExists, type CacheReader, type Clock, type EventRecorder, type KubeObject, type ReconcileContext } from '../../src/kube/index.js';
import { startHubEnv, type HubEnv } from '../support/hub-env.js';
import { NAMESPACES } from '../../src/kube/index.js';
export { NAMESPACES };

/** Wall-clock time shifted by `offsetMs`; sleeps return at once so that tests never wait on them. */
export class ShiftedClock implements Clock {
  constructor(public offsetMs = 0) {}
  now(): number {
    return Date.now() + this.offsetMs;
  }
  async sleep(): Promise<void> {
    await new Promise((r) => setImmediate(r));
  }
}

export interface RecordedEvent {
  name: string | undefined;
  type: string;
  reason: string;
  note: string;
}

export function recordingEvents(into: RecordedEvent[]): EventRecorder {
  return {
    event(regarding: KubeObject, type, reason, note) {
      into.push({ name: regarding.metadata?.name, type, reason, note });
    },
  };
}

const NO_CACHE: CacheReader = {
  get: () => undefined,
  list: () => [],
};

export function reconcileContext(client: KubeClient, clock: Clock = new ShiftedClock(), events: RecordedEvent[] = []): ReconcileContext {
  return { client, clock, events: recordingEvents(events), cache: NO_CACHE, signal: new AbortController().signal };
}

export function clientFor(kubeconfigPath: string): KubeClient {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return new KubeClient(kc);
}

export async function installBackupAndOcmCrds(client: KubeClient, opts: { ocm?: boolean } = {}): Promise<void> {
  await installCrds(client, [...backupCrds(), ...(opts.ocm === false ? [] : ocmCrds())]);
  // CRDs are served asynchronously: wait until discovery knows the last of them.
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await client.list(
        { group: 'cluster.open-cluster-management.io', version: 'v1beta1', plural: 'backupschedules', namespaced: true },
        { namespace: 'default' },
      );
      if (opts.ocm !== false)
        await client.list({ group: 'hive.openshift.io', version: 'v1', plural: 'clusterpools', namespaced: true }, { namespace: 'default' });
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

export interface OcmHub {
  env: HubEnv;
  client: KubeClient;
  teardown(): Promise<void>;
}

export async function startOcmHub(opts: { ocm?: boolean } = {}): Promise<OcmHub> {
  const env = await startHubEnv();
  const client = new KubeClient(env.kubeConfig);
  await installBackupAndOcmCrds(client, opts);
  return {
    env,
    client,
    async teardown() {
      client.close();
      await env.teardown();
    },
  };
}

import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { HubAccess } from './access.js';
import { clientFor, kubeConfigFrom } from './kubeconfig.js';
import { kubectlFor } from './kubectl.js';
import { startLifeboatProcess, type HubProcess } from './lifeboat-process.js';
import { Teardown } from './teardown.js';
import { tempDir } from './temp.js';

export interface UpProcessOptions {
  /** A storage directory shared with other hubs (left in place); otherwise `<tmp>/storage`. */
  storageDir?: string;
  /** More flags for `lifeboat up`. */
  args?: string[];
  /** The data directory of a hub stopped earlier, to start it again (left in place); otherwise `<tmp>/data`. */
  dataDir?: string;
  /** More environment variables for the process (test knobs such as the movers' retry delay). */
  env?: Record<string, string>;
}

export interface UpProcess extends HubAccess {
  process: HubProcess;
  storageDir: string;
  /** A directory of this hub for the test's own files; removed at teardown with the hub's data. */
  tmp: string;
}

/** `lifeboat up --storage <dir> …` in a process of its own (for crash and end-to-end tests). */
export async function startUpProcess(opts: UpProcessOptions = {}): Promise<UpProcess> {
  const teardown = new Teardown();
  const tmp = await tempDir('up');
  teardown.add(() => rm(tmp, { recursive: true, force: true }));
  try {
    const dataDir = opts.dataDir ?? path.join(tmp, 'data');
    const storageDir = opts.storageDir ?? path.join(tmp, 'storage');
    const up = await startLifeboatProcess('up', dataDir, ['--storage', storageDir, ...(opts.args ?? [])], { env: opts.env });
    teardown.add(() => up.stop());
    const client = clientFor(up.kubeconfigPath);
    teardown.add(() => client.close());
    const { kubectl, dispose } = await kubectlFor(up.kubeconfigPath);
    teardown.add(dispose);
    const kubeConfig = kubeConfigFrom(up.kubeconfigPath);
    return { process: up, client, kubeConfig, kubeconfigPath: up.kubeconfigPath, dataDir, storageDir, tmp, kubectl, teardown: () => teardown.run() };
  } catch (err) {
    await teardown.run();
    throw err;
  }
}

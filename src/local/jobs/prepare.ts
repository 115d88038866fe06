// What a runner that was killed leaves behind, cleared before pods are run again: processes that
// outlived it, pods' private directories, and the logs of pods that no longer exist. Pods it was
// running are then marked Failed by the pod runner, which finds them without a process.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { PODS, type KubeClient } from '../../kube/index.js';
import { removeTree } from '../volumes/tree.js';
import { killRecordedProcess, processRecordFile } from './container-process.js';

export async function clearInterruptedPods(client: KubeClient, podsDir: string, podLogDir: string, log: Logger): Promise<void> {
  await fs.mkdir(podsDir, { recursive: true, mode: 0o700 });
  for (const uid of await fs.readdir(podsDir)) {
    const dir = path.join(podsDir, uid);
    if (await killRecordedProcess(processRecordFile(dir))) log.warn({ podUid: uid }, 'stopped a container process left by a previous run');
    await removeTree(dir);
  }
  const live = new Set((await client.list(PODS)).items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
  for (const namespace of await readdirIfPresent(podLogDir)) {
    for (const pod of await readdirIfPresent(path.join(podLogDir, namespace))) {
      if (!live.has(`${namespace}/${pod}`)) await removeTree(path.join(podLogDir, namespace, pod));
    }
  }
}

async function readdirIfPresent(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
  }
}

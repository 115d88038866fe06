// `kill -9` of `lifeboat up` while a Job's container runs: the container does not outlive it, and
// after the restart the attempt is a failure (never a success) that the Job retries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Job, Pod } from '../../src/api/core/index.js';
import { kubectlFor, startLifeboatProcess, tempDir, waitFor, type HubProcess } from '../support/index.js';
import { claimYaml, jobYaml, leftoverContainerPaths, processRunning } from './local-env.js';

const MARKER = 'sleep 3189';

// The first attempt marks the volume and runs until it is killed; a retry finds the mark and ends well.
const MANIFESTS = `${claimYaml('default', 'work')}---
${jobYaml('default', 'mover', `D=\${LIFEBOAT_MOUNT_DATA:-/data}; if [ -e $D/first ]; then echo retry; else touch $D/first; echo first; ${MARKER}; fi`, {
  backoffLimit: 2,
  mounts: '        - {name: data, mountPath: /data}',
  volumes: '      - {name: data, persistentVolumeClaim: {claimName: work}}',
})}`;

test('a kill -9 of lifeboat up during a running Job fails that attempt, which is retried after the restart', async () => {
  const leftoversBefore = leftoverContainerPaths();
  const dataDir = await tempDir('crash');
  let up: HubProcess | undefined;
  const { kubectl, dispose } = await kubectlFor(path.join(dataDir, 'kubeconfig'));
  const json = async <T>(args: string[]): Promise<T> => JSON.parse((await kubectl([...args, '-o', 'json'])).stdout) as T;
  try {
    up = await startLifeboatProcess('up', dataDir);
    const applied = await kubectl(['apply', '-f', '-'], { input: MANIFESTS });
    assert.equal(applied.code, 0, applied.stderr);
    await waitFor('the first attempt to run', () => processRunning(`^${MARKER}$`), 60_000);

    await up.stop('SIGKILL');
    // The container dies with its runner (parent-death signal, PID namespace).
    await waitFor('the container to die with lifeboat up', () => !processRunning(`^${MARKER}$`), 10_000);

    up = await startLifeboatProcess('up', dataDir);
    let job: Job | undefined;
    await waitFor(
      'the retry to complete the Job',
      async () => {
        job = await json<Job>(['get', 'job', 'mover']);
        return (job.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');
      },
      90_000,
    );
    assert.equal(job?.status?.failed, 1);
    assert.equal(job?.status?.succeeded, 1);
    const pods = (await json<{ items: Pod[] }>(['get', 'pods', '-l', 'job-name=mover'])).items;
    const lost = pods.find((p) => p.status?.phase === 'Failed');
    assert.equal(lost?.status?.reason, 'NodeLost');
    assert.match(lost?.status?.message ?? '', /stopped while the container was running/);
    assert.equal(lost?.status?.containerStatuses?.[0]?.state.terminated?.reason, 'ContainerStatusUnknown');
    const retried = pods.find((p) => p.status?.phase === 'Succeeded');
    assert.equal((await kubectl(['logs', retried?.metadata.name ?? ''])).stdout, 'retry\n');
    assert.equal((await kubectl(['logs', lost?.metadata.name ?? ''])).stdout, 'first\n');
  } finally {
    await up?.stop('SIGTERM');
    await rm(dataDir, { recursive: true, force: true });
    await dispose();
  }
  assert.deepEqual(leftoverContainerPaths(), leftoversBefore);
});

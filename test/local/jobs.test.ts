// The local Job runner, driven with kubectl: a Job's container runs as a local process with the
// pod's volumes at their paths, its output is the pod log, failures are retried with the Job
// controller's back-off, Secrets are 0600 files never logged, a volume's capacity is enforced,
// deleting a Job stops its process, and WaitForFirstConsumer claims bind when a Job uses them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Job, PersistentVolumeClaim, Pod } from '../../src/api/core/index.js';
import { JOBS, NAMESPACES, PERSISTENT_VOLUME_CLAIMS, PODS, type KubeClient } from '../../src/kube/index.js';
import { waitFor } from '../support/wait.js';
import { claimYaml, gone, isRoot, jobYaml, leftoverContainerPaths, processRunning, startLocalEnv, type JobExtras, type LocalEnv } from './local-env.js';

const NS = 'movers';

function job(name: string, command: string, extra: JobExtras = {}): string {
  return jobYaml(NS, name, command, extra);
}

/** Mounts the claim at /data. */
function withClaim(claimName: string): JobExtras {
  return { mounts: '        - {name: data, mountPath: /data}', volumes: `      - {name: data, persistentVolumeClaim: {claimName: ${claimName}}}` };
}

function claim(name: string, storage = '1Gi', className?: string): string {
  return claimYaml(NS, name, { storage, extra: className ? `  storageClassName: ${className}` : '' });
}

async function finished(client: KubeClient, name: string): Promise<Job> {
  let current: Job | undefined;
  await waitFor(
    `job ${name} to finish`,
    async () => {
      current = await client.get<Job>(JOBS, name, { namespace: NS });
      return (current.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    },
    60_000,
  );
  return current as Job;
}

function condition(job: Job, type: string): { reason?: string; message?: string } | undefined {
  return job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}

async function podsOf(client: KubeClient, jobName: string): Promise<Pod[]> {
  const pods = (await client.list<Pod>(PODS, { namespace: NS, labelSelector: `job-name=${jobName}` })).items;
  return pods.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || 0);
}

describe('local Job runner', () => {
  let env: LocalEnv;
  const leftoversBefore = leftoverContainerPaths();

  before(async () => {
    env = await startLocalEnv();
    await env.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await env.kubectl(['apply', '-f', '-'], { input: claim('data') });
  });
  after(async () => {
    await env?.teardown();
    assert.deepEqual(leftoverContainerPaths(), leftoversBefore, 'mount points left in the root filesystem');
  });

  test('a Job runs its command with the claim at /data; kubectl logs shows its output', async () => {
    const dir = (await env.lifeboat(['volumes', 'path', `${NS}/data`, '--kubeconfig', env.kubeconfigPath])).stdout.trim();
    await fs.writeFile(path.join(dir, 'from-user.txt'), 'x');
    const r = await env.kubectl(
      ['apply', '-f', '-'],
      { input: job('hello', 'echo hi; ls /data; echo to-stderr >&2', withClaim('data')) },
    );
    assert.equal(r.code, 0, r.stderr);
    const done = await finished(env.client, 'hello');
    assert.ok(condition(done, 'Complete'), JSON.stringify(done.status));
    assert.equal(condition(done, 'Complete')?.reason, 'CompletionsReached');
    assert.ok(condition(done, 'SuccessCriteriaMet'));
    assert.equal(done.status?.succeeded, 1);
    assert.ok(done.status?.completionTime && done.status.startTime);

    const logs = await env.kubectl(['logs', 'job/hello', '-n', NS]);
    assert.equal(logs.code, 0, logs.stderr);
    const lines = logs.stdout.trim().split('\n');
    assert.equal(lines[0], 'hi');
    // As root the claim is at /data in a private mount namespace; otherwise the process sees the host path.
    if (isRoot) assert.ok(lines.includes('from-user.txt'), logs.stdout);
    assert.ok(lines.includes('to-stderr'));

    const [pod] = await podsOf(env.client, 'hello');
    assert.equal(pod.status?.phase, 'Succeeded');
    assert.equal(pod.status?.containerStatuses?.[0]?.state.terminated?.exitCode, 0);
    assert.equal(pod.status?.containerStatuses?.[0]?.state.terminated?.reason, 'Completed');
    assert.equal(pod.metadata.labels?.['batch.kubernetes.io/job-name'], 'hello');
    assert.equal(pod.metadata.labels?.['controller-uid'], done.metadata.uid);
    assert.deepEqual(pod.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.controller]), [['Job', 'hello', true]]);
    const tail = await env.kubectl(['logs', pod.metadata.name ?? '', '-n', NS, '--tail=1', '-c', 'mover']);
    assert.equal(tail.stdout, 'to-stderr\n');
    const limited = await env.kubectl(['logs', pod.metadata.name ?? '', '-n', NS, '--limit-bytes=2']);
    assert.equal(limited.stdout, 'hi');
    const jobs = await env.kubectl(['get', 'jobs', 'hello', '-n', NS]);
    assert.match(jobs.stdout, /hello\s+Complete\s+1\/1/);
  });

  test('a failing Job is retried with the back-off and ends Failed with BackoffLimitExceeded', async () => {
    await env.kubectl(['apply', '-f', '-'], { input: job('flaky', 'echo attempt; exit 3', { backoffLimit: 2 }) });
    const failedCount = async (n: number): Promise<void> => {
      await waitFor(`${n} failed attempts`, async () => (await env.client.get<Job>(JOBS, 'flaky', { namespace: NS })).status?.failed === n, 60_000);
    };
    const finishedAt = (pod: Pod): number => Date.parse(pod.status?.containerStatuses?.[0]?.state.terminated?.finishedAt ?? '');

    for (const [attempt, delayMs] of [
      [1, 10_000],
      [2, 20_000],
    ]) {
      await failedCount(attempt);
      const before = await podsOf(env.client, 'flaky');
      assert.equal(before.length, attempt, 'a retry came before its back-off');
      // Just short of the back-off nothing happens; at the back-off the next attempt starts. (Pod
      // times have whole seconds: the margin keeps a failure late in its second from counting early.)
      env.clock.advance(delayMs - 2000);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await podsOf(env.client, 'flaky')).length, attempt, 'a retry came before its back-off');
      env.clock.advance(2000);
      await waitFor(`attempt ${attempt + 1}`, async () => (await podsOf(env.client, 'flaky')).length === attempt + 1, 30_000);
      const next = (await podsOf(env.client, 'flaky'))[attempt];
      assert.ok(Date.parse(next.metadata.creationTimestamp ?? '') - finishedAt(before[attempt - 1]) >= delayMs - 2000);
    }
    const done = await finished(env.client, 'flaky');
    assert.equal(done.status?.failed, 3);
    assert.equal(condition(done, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.match(condition(done, 'Failed')?.message ?? '', /^Job has reached the specified backoff limit/);
    assert.match(condition(done, 'Failed')?.message ?? '', /exit code 3/);
    const describe = await env.kubectl(['get', 'job', 'flaky', '-n', NS]);
    assert.match(describe.stdout, /flaky\s+Failed\s+0\/1/);
  });

  test('Secrets are files with mode 0600 in the mover’s view and never reach a log', async () => {
    const secretValue = 'correct-horse-battery-staple';
    await env.kubectl(['create', 'secret', 'generic', 'repo', '-n', NS, `--from-literal=RESTIC_PASSWORD=${secretValue}`, '--from-literal=rclone.conf=[remote]']);
    const view = isRoot ? '/rclone-config' : '$LIFEBOAT_MOUNT_RCLONE_CONFIG';
    await env.kubectl(
      ['apply', '-f', '-'],
      { input: job('secrets', `stat -c %a ${view}/RESTIC_PASSWORD ${view}/rclone.conf; test "$RESTIC_PASSWORD" = "$(cat ${view}/RESTIC_PASSWORD)" && echo same`, {
        env: '        - {name: RESTIC_PASSWORD, valueFrom: {secretKeyRef: {name: repo, key: RESTIC_PASSWORD}}}',
        mounts: '        - {name: conf, mountPath: /rclone-config}',
        volumes: '      - {name: conf, secret: {secretName: repo}}',
      }) },
    );
    const done = await finished(env.client, 'secrets');
    assert.ok(condition(done, 'Complete'), JSON.stringify(done.status));
    const logs = (await env.kubectl(['logs', 'job/secrets', '-n', NS])).stdout;
    assert.equal(logs, '600\n600\nsame\n');
    assert.ok(!logs.includes(secretValue));
    const podLogs = await fs.readdir(path.join(env.dataDir, 'pod-logs', NS), { recursive: true });
    for (const f of podLogs.filter((p) => String(p).endsWith('.log'))) {
      assert.ok(!(await fs.readFile(path.join(env.dataDir, 'pod-logs', NS, String(f)), 'utf8')).includes(secretValue));
    }
    // The private copies of the Secret's files went with the pod.
    assert.deepEqual(await fs.readdir(path.join(env.dataDir, 'pods')), []);
  });

  test('a missing Secret key fails the attempt with CreateContainerConfigError', async () => {
    await env.kubectl(
      ['apply', '-f', '-'],
      { input: job('badkey', 'echo never', { env: '        - {name: X, valueFrom: {secretKeyRef: {name: repo, key: MISSING}}}' }) },
    );
    const done = await finished(env.client, 'badkey');
    assert.match(condition(done, 'Failed')?.message ?? '', /CreateContainerConfigError: couldn't find key MISSING in Secret movers\/repo/);
    const [pod] = await podsOf(env.client, 'badkey');
    assert.equal(pod.status?.reason, 'CreateContainerConfigError');
    assert.equal(pod.status?.containerStatuses?.[0]?.state.waiting?.reason, 'CreateContainerConfigError');
    const logs = await env.kubectl(['logs', 'job/badkey', '-n', NS]);
    assert.match(logs.stderr, /is waiting to start: CreateContainerConfigError/);
  });

  test('writing more than the claim’s capacity stops the attempt with a volume-full message', async () => {
    await env.kubectl(['apply', '-f', '-'], { input: claim('tiny', '1Mi') });
    const target = isRoot ? '/data' : '$LIFEBOAT_MOUNT_DATA';
    await env.kubectl(
      ['apply', '-f', '-'],
      { input: job('fill', `echo writing; dd if=/dev/zero of=${target}/big bs=1M count=3 2>/dev/null; sleep 60; echo not-reached`, withClaim('tiny')) },
    );
    const done = await finished(env.client, 'fill');
    const message = condition(done, 'Failed')?.message ?? '';
    assert.match(message, /No space left on device: the volume of PersistentVolumeClaim movers\/tiny is full: \d+ bytes used, capacity 1048576 bytes/);
    const logs = (await env.kubectl(['logs', 'job/fill', '-n', NS])).stdout;
    assert.match(logs, /^writing\nNo space left on device: the volume of PersistentVolumeClaim movers\/tiny is full/);
    assert.ok(!logs.includes('not-reached'));
  });

  test('deleting a running Job stops its process; its pods go with it', async () => {
    const marker = 'sleep 3187';
    await env.kubectl(['apply', '-f', '-'], { input: job('endless', `echo started; ${marker}`) });
    await waitFor('the pod to run', async () => (await podsOf(env.client, 'endless')).some((p) => p.status?.phase === 'Running'), 30_000);
    await waitFor('the process to run', () => processRunning(marker), 10_000);
    const r = await env.kubectl(['delete', 'job', 'endless', '-n', NS]);
    assert.equal(r.code, 0, r.stderr);
    await waitFor('the process to be stopped', () => !processRunning(marker), 30_000);
    await waitFor('the pods to be collected', async () => (await podsOf(env.client, 'endless')).length === 0, 30_000);
  });

  test('a claim of a WaitForFirstConsumer class binds when a Job uses it', async () => {
    await env.kubectl(
      ['apply', '-f', '-'],
      { input: `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local-wffc}
provisioner: lifeboat.io/local
volumeBindingMode: WaitForFirstConsumer
---
${claim('late', '1Gi', 'local-wffc')}` },
    );
    await waitFor(
      'the claim to wait for its first consumer',
      async () => (await env.kubectl(['get', 'events', '-n', NS, '--field-selector', 'involvedObject.name=late'])).stdout.includes('WaitForFirstConsumer'),
      30_000,
    );
    let pvc = await env.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, 'late', { namespace: NS });
    assert.equal(pvc.status?.phase, 'Pending');
    await env.kubectl(
      ['apply', '-f', '-'],
      { input: job('consumer', 'touch /data/ok 2>/dev/null || touch "$LIFEBOAT_MOUNT_DATA/ok"; echo consumed', withClaim('late')) },
    );
    const done = await finished(env.client, 'consumer');
    assert.ok(condition(done, 'Complete'), JSON.stringify(done.status));
    pvc = await env.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, 'late', { namespace: NS });
    assert.equal(pvc.status?.phase, 'Bound');
    assert.ok(pvc.metadata.annotations?.['volume.kubernetes.io/selected-node']);
    const [pod] = await podsOf(env.client, 'consumer');
    assert.equal(pod.spec?.nodeName, pvc.metadata.annotations?.['volume.kubernetes.io/selected-node']);
  });

  test('suspend and parallelism 0 run nothing; activeDeadlineSeconds and ttlSecondsAfterFinished are honoured', async () => {
    await env.kubectl(['apply', '-f', '-'], { input: job('idle', 'echo never').replace('  backoffLimit: 0', '  backoffLimit: 0\n  parallelism: 0') });
    const suspended = await env.kubectl(['create', 'job', 'held', '-n', NS, '--image=busybox', '--dry-run=client', '-o', 'json', '--', 'sh', '-c', 'echo held']);
    const held = JSON.parse(suspended.stdout) as Job;
    held.spec = { ...(held.spec as Job['spec'] & object), suspend: true };
    await env.client.create(JOBS, held);
    await waitFor('the Job to be suspended', async () => Boolean(condition(await env.client.get<Job>(JOBS, 'held', { namespace: NS }), 'Suspended')), 30_000);
    assert.equal((await podsOf(env.client, 'held')).length, 0);
    assert.equal((await podsOf(env.client, 'idle')).length, 0);
    await env.kubectl(['patch', 'job', 'held', '-n', NS, '--type=merge', '-p', '{"spec":{"suspend":false}}']);
    const resumed = await finished(env.client, 'held');
    assert.ok(condition(resumed, 'Complete'));
    assert.equal(resumed.status?.conditions?.find((c) => c.type === 'Suspended')?.reason, 'JobResumed');

    const marker = 'sleep 3190';
    await env.kubectl(['apply', '-f', '-'], { input: job('overdue', marker).replace('  backoffLimit: 0', '  backoffLimit: 0\n  activeDeadlineSeconds: 60') });
    await waitFor('the overdue Job to run', () => processRunning(`^${marker}$`), 30_000);
    env.clock.advance(60_000);
    const overdue = await finished(env.client, 'overdue');
    assert.deepEqual([condition(overdue, 'Failed')?.reason, condition(overdue, 'Failed')?.message], ['DeadlineExceeded', 'Job was active longer than specified deadline']);
    await waitFor('the overdue process to be stopped', () => !processRunning(`^${marker}$`), 30_000);

    await env.kubectl(['apply', '-f', '-'], { input: job('shortlived', 'echo done').replace('  backoffLimit: 0', '  backoffLimit: 0\n  ttlSecondsAfterFinished: 100') });
    await finished(env.client, 'shortlived');
    env.clock.advance(100_000);
    await gone(env.client, JOBS, 'shortlived', NS);
  });

  test('a pod template the runner cannot run fails the Job with a clear condition', async () => {
    await env.kubectl(
      ['apply', '-f', '-'],
      { input: `apiVersion: batch/v1
kind: Job
metadata: {name: twocontainers, namespace: ${NS}}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: a, image: busybox, command: ['true']}
      - {name: b, image: busybox, command: ['true']}
` },
    );
    const done = await finished(env.client, 'twocontainers');
    assert.equal(condition(done, 'Failed')?.reason, 'UnsupportedPodTemplate');
    assert.match(condition(done, 'Failed')?.message ?? '', /runs exactly one container, this pod has 2 \(a, b\)/);
    assert.equal((await podsOf(env.client, 'twocontainers')).length, 0);
  });

  test('a deleted claim stays while a running Job uses it', async () => {
    await env.kubectl(['apply', '-f', '-'], { input: claim('busy') });
    await waitFor('busy bound', async () => (await env.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, 'busy', { namespace: NS })).status?.phase === 'Bound', 30_000);
    const marker = 'sleep 3188';
    await env.kubectl(
      ['apply', '-f', '-'],
      { input: job('user', marker, withClaim('busy')) },
    );
    await waitFor('the process to run', () => processRunning(marker), 30_000);
    await env.kubectl(['delete', 'pvc', 'busy', '-n', NS, '--wait=false']);
    const pvc = await env.client.get<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, 'busy', { namespace: NS });
    assert.ok(pvc.metadata.deletionTimestamp);
    await env.kubectl(['delete', 'job', 'user', '-n', NS]);
    await gone(env.client, PERSISTENT_VOLUME_CLAIMS, 'busy', NS);
  });
});

describe('local Job runner without a mount namespace', () => {
  let env: LocalEnv;

  before(async () => {
    env = await startLocalEnv({ isolation: 'none' });
    await env.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    await env.kubectl(['apply', '-f', '-'], { input: claim('data') });
  });
  after(async () => env?.teardown());

  test('the process gets each mount’s host path as LIFEBOAT_MOUNT_<PATH>', async () => {
    await env.kubectl(['create', 'configmap', 'conf', '-n', NS, '--from-literal=key=value']);
    await env.kubectl(
      ['apply', '-f', '-'],
      { input: job('translated', 'echo data=$LIFEBOAT_MOUNT_DATA; echo conf=$LIFEBOAT_MOUNT_RCLONE_CONFIG; cat "$LIFEBOAT_MOUNT_RCLONE_CONFIG/key"; touch "$LIFEBOAT_MOUNT_DATA/made-here"', {
        mounts: '        - {name: data, mountPath: /data}\n        - {name: conf, mountPath: /rclone-config}',
        volumes: '      - {name: data, persistentVolumeClaim: {claimName: data}}\n      - {name: conf, configMap: {name: conf}}',
      }) },
    );
    const done = await finished(env.client, 'translated');
    assert.ok(condition(done, 'Complete'), JSON.stringify(done.status));
    const dir = (await env.lifeboat(['volumes', 'path', `${NS}/data`, '--kubeconfig', env.kubeconfigPath])).stdout.trim();
    const logs = (await env.kubectl(['logs', 'job/translated', '-n', NS])).stdout.split('\n');
    assert.equal(logs[0], `data=${dir}`);
    assert.match(logs[1], /^conf=\/.+\/pods\/[0-9a-f-]+\/volumes\/conf$/);
    assert.equal(logs[2], 'value');
    await fs.access(path.join(dir, 'made-here'));
  });
});

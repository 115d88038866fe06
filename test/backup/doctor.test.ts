// `lifeboat doctor` against a real `lifeboat up`: the checks of the backup-restore-enabled policy
// (hub-backup.md §6) pass on a healthy hub, name the broken part when something is wrong, and
// say "not applicable" for APIs the hub does not serve (decision 6).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rename, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { MULTICLUSTER_HUBS, OCM_CLUSTER_CLAIMS, OLM_SUBSCRIPTIONS } from '../../src/api/ocm/index.js';
import { customOadpChannelValidation, oadpChannelValidation, oadpOperatorExists } from '../../src/backup/doctor/checks/oadp-subscription.js';
import { oadpPodRunning, veleroPodRunning } from '../../src/backup/doctor/checks/pods.js';
import { NAMESPACES, PODS } from '../../src/backup/doctor/refs.js';
import { BACKUP_STORAGE_LOCATIONS } from '../../src/api/velero/index.js';
import { CHECKS, runDoctor, type CheckResult } from '../../src/backup/doctor/index.js';
import { runLifeboat, waitFor, type UpProcess } from '../support/index.js';
import { NS, createBackupSchedule, createCompletedBackups, startDoctorHub, storageLocationPhase } from './doctor-fixtures.js';

interface DoctorJson {
  passed: boolean;
  backupNamespace: string;
  checks: CheckResult[];
}

function byId(checks: readonly CheckResult[], id: string): CheckResult {
  const found = checks.find((c) => c.id === id);
  assert.ok(found, `check ${id} is reported`);
  return found;
}

function timestampOf(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

describe('lifeboat doctor', () => {
  let hub: UpProcess;
  const doctor = (...args: string[]) => runLifeboat(['doctor', '--kubeconfig', hub.kubeconfigPath, ...args]);
  const doctorJson = async (...args: string[]) => {
    const res = await doctor('--output', 'json', ...args);
    return { code: res.code, report: JSON.parse(res.stdout) as DoctorJson, stderr: res.stderr };
  };

  async function createPod(
    name: string,
    meta: { labels?: Record<string, string>; annotations?: Record<string, string> },
    phase: string,
    message?: string,
  ): Promise<void> {
    await hub.client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS, ...meta },
      spec: { containers: [{ name: 'main', image: 'example.invalid/image' }] },
    });
    await hub.client.patchStatus(PODS, name, { status: { phase, ...(message ? { message } : {}) } }, { type: 'merge', namespace: NS });
  }
  async function createSubscription(namespace: string, channel: string): Promise<void> {
    await hub.client.create(OLM_SUBSCRIPTIONS, {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'Subscription',
      metadata: { name: 'redhat-oadp-operator', namespace },
      spec: { name: 'redhat-oadp-operator', channel, source: 'redhat-operators', sourceNamespace: 'openshift-marketplace' },
    });
  }

  before(async () => {
    hub = await startDoctorHub();
    await createBackupSchedule(hub.client);
    await createCompletedBackups(hub.client, timestampOf(new Date()));
  });
  after(async () => {
    await hub?.teardown();
  });

  it('passes on a healthy hub: exit 0, a table of every check, and JSON that parses', async () => {
    const [text, { code, report }] = await Promise.all([doctor(), doctorJson()]);
    assert.equal(text.code, 0, `exit 0 on a healthy hub; output:\n${text.stdout}${text.stderr}`);
    const lines = text.stdout.split('\n');
    assert.match(lines[0], /^CHECK\s+STATUS\s+REASON$/);
    for (const check of CHECKS)
      assert.ok(
        lines.some((l) => l.startsWith(`${check.id} `)),
        `the table has a row for ${check.id}`,
      );
    assert.match(text.stdout, /backup-storage-location-available\s+PASS\s+BackupStorageLocation default is Available/);
    assert.match(text.stdout, /\d+ passed, 0 failed, \d+ not applicable/);

    assert.equal(code, 0);
    assert.equal(report.passed, true);
    assert.equal(report.backupNamespace, NS);
    assert.deepEqual(
      report.checks.map((c) => c.id),
      CHECKS.map((c) => c.id),
      'every check, in the policy order',
    );
    for (const id of [
      'data-protection-application-available',
      'backup-storage-location-available',
      'backup-schedule-cron-enabled',
      'acm-managed-clusters-schedule-backups-available',
      'acm-resources-schedule-backups-available',
      'acm-backup-in-progress-report',
      'acm-backup-clusters-collision-report',
      'acm-backup-phase-validation',
    ]) {
      assert.equal(byId(report.checks, id).status, 'pass', `${id}: ${byId(report.checks, id).reason}`);
    }
    assert.match(byId(report.checks, 'acm-managed-clusters-schedule-backups-available').reason, /^acm-managed-clusters-schedule-\d{14} completed \d+s ago$/);
    const velero = byId(report.checks, 'velero-pod-running');
    assert.equal(velero.status, 'not-applicable');
    assert.match(velero.reason, /embedded Lifeboat hub runs .* not as Pods/);
  });

  it('reports a hub without the optional ManagedServiceAccount API as not applicable, still exit 0', async () => {
    assert.equal(byId((await doctorJson()).report.checks, 'auto-import-account-secret').status, 'pass');
    const deleted = await hub.kubectl(['delete', 'crd', 'managedserviceaccounts.authentication.open-cluster-management.io']);
    assert.equal(deleted.code, 0, deleted.stderr);
    await waitFor(
      'the ManagedServiceAccount API to be gone',
      async () => byId(await runDoctor(hub.client, { backupNamespace: NS }), 'auto-import-account-secret').status === 'not-applicable',
      15_000,
    );
    const { code, report } = await doctorJson();
    const msa = byId(report.checks, 'auto-import-account-secret');
    assert.equal(msa.status, 'not-applicable');
    assert.equal(msa.reason, 'the ManagedServiceAccount API is not served: auto-import through ManagedServiceAccounts is off');
    assert.equal(code, 0, 'a check that does not apply does not fail the run');
  });

  it('fails the MultiClusterHub check while cluster-backup is disabled, and passes once it is enabled', async () => {
    await hub.client.create(MULTICLUSTER_HUBS, {
      apiVersion: 'operator.open-cluster-management.io/v1',
      kind: 'MultiClusterHub',
      metadata: { name: 'multiclusterhub', namespace: 'default' },
      spec: { overrides: { components: [{ name: 'cluster-backup', enabled: false }] } },
    });
    const disabled = byId(await runDoctor(hub.client, { backupNamespace: NS }), 'acm-cluster-backup-enabled');
    assert.equal(disabled.status, 'fail');
    assert.match(disabled.reason, /not enabled in MultiClusterHub default\/multiclusterhub: add \{name: cluster-backup, enabled: true\}/);
    await hub.client.patch(
      MULTICLUSTER_HUBS,
      'multiclusterhub',
      { spec: { overrides: { components: [{ name: 'cluster-backup', enabled: true }] } } },
      { type: 'merge', namespace: 'default' },
    );
    const enabled = byId(await runDoctor(hub.client, { backupNamespace: NS }), 'acm-cluster-backup-enabled');
    assert.equal(enabled.status, 'pass');
    assert.equal(enabled.reason, 'The cluster-backup component is enabled in the MultiClusterHub resource.');
  });

  it('says which validation backup is too old once the schedule stops producing them', async () => {
    const results = await runDoctor(hub.client, { backupNamespace: NS, now: new Date(Date.now() + 3 * 3600_000) });
    const cron = byId(results, 'backup-schedule-cron-enabled');
    assert.equal(cron.status, 'fail');
    assert.match(
      cron.reason,
      /^the newest validation backup acm-validation-policy-schedule-\d{14} expired 1h5\dm ago and no newer one exists: the backup schedule has stopped running/,
    );
  });

  it('on a cluster that runs OADP as Pods from OLM, checks the Pods and the OADP channel', async () => {
    // The embedded hub never has these Pods; the checks are run as they run on any other cluster.
    const ctx = { client: hub.client, backupNamespace: NS, now: new Date(), embeddedHub: false };
    const velero = await veleroPodRunning.run(ctx);
    assert.deepEqual(velero, {
      status: 'fail',
      reason: `no Velero Pod (label app.kubernetes.io/name=velero) in ${NS}: Velero is not installed or not in this namespace`,
    });

    await createPod('velero-6d5f', { labels: { 'app.kubernetes.io/name': 'velero' } }, 'Pending', 'Unschedulable: 0/3 nodes are available');
    await createPod('openshift-adp-controller-manager-1', { annotations: { repository: 'https://github.com/openshift/oadp-operator' } }, 'Running');
    assert.deepEqual(await veleroPodRunning.run(ctx), {
      status: 'fail',
      reason: `no Velero Pod is Running in ${NS}: velero-6d5f is Pending (Unschedulable: 0/3 nodes are available); see kubectl describe pod`,
    });
    assert.deepEqual(await oadpPodRunning.run(ctx), { status: 'pass', reason: `the OADP operator Pod openshift-adp-controller-manager-1 is Running in ${NS}` });

    assert.equal((await oadpOperatorExists.run(ctx)).status, 'fail');
    assert.equal((await oadpChannelValidation.run(ctx)).status, 'not-applicable');
    await hub.client.create(OCM_CLUSTER_CLAIMS, {
      apiVersion: 'cluster.open-cluster-management.io/v1alpha1',
      kind: 'ClusterClaim',
      metadata: { name: 'version.openshift.io' },
      spec: { value: '4.16.3' },
    });
    await createSubscription(NS, 'stable-1.3');
    await hub.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'openshift-adp' } });
    await createSubscription('openshift-adp', 'stable-1.2');
    assert.equal((await oadpOperatorExists.run(ctx)).status, 'pass');
    assert.deepEqual(await oadpChannelValidation.run(ctx), {
      status: 'fail',
      reason: `Subscription ${NS}/redhat-oadp-operator (channel stable-1.3) must move to channel stable-1.4, the OADP channel the backup operator supports on OpenShift 4.16.3`,
    });
    assert.match(
      (await customOadpChannelValidation.run(ctx)).reason,
      /^Subscription openshift-adp\/redhat-oadp-operator \(channel stable-1\.2\) must use channel stable-1\.3 like /,
    );
  });

  it('fails when the storage location is unavailable, with the location and its message, exit 1', async () => {
    // The storage goes away under the location: a file now stands where its directory was.
    await rename(hub.storageDir, `${hub.storageDir}.moved`);
    await writeFile(hub.storageDir, 'a file where the backups should go');
    await hub.client.patch(BACKUP_STORAGE_LOCATIONS, 'default', { spec: { validationFrequency: '1s' } }, { type: 'merge', namespace: NS });
    await waitFor('BackupStorageLocation default to become Unavailable', async () => (await storageLocationPhase(hub.client)) === 'Unavailable', 30_000);

    const text = await doctor();
    assert.equal(text.code, 1, 'exit 1 when an applicable check fails');
    assert.match(
      text.stdout,
      /backup-storage-location-available\s+FAIL\s+no BackupStorageLocation is Available in open-cluster-management-backup: default is Unavailable: BackupStorageLocation "default" is unavailable: /,
    );
    assert.match(text.stdout, /\d+ passed, 1 failed, \d+ not applicable/);
    assert.deepEqual(
      (await runDoctor(hub.client, { backupNamespace: NS })).filter((c) => c.status === 'fail').map((c) => c.id),
      ['backup-storage-location-available'],
      'only the storage check fails: the backups already taken are still there',
    );
  });

  it('exits 2 with a message naming the problem on usage and connection errors, without a stack trace', async () => {
    const [badOutput, missing, help] = await Promise.all([
      doctor('--output', 'yaml'),
      runLifeboat(['doctor', '--kubeconfig', path.join(hub.tmp, 'no-such-kubeconfig')]),
      runLifeboat(['doctor', '--help']),
    ]);
    assert.equal(badOutput.code, 2);
    assert.match(badOutput.stderr, /'--output <format>' argument 'yaml' is invalid\. Allowed choices are text, json/);

    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^lifeboat doctor: cannot read kubeconfig .*no-such-kubeconfig: ENOENT/);

    // A kubeconfig whose server is a port nobody listens on.
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const deadConfig = path.join(hub.tmp, 'dead-kubeconfig');
    await writeFile(
      deadConfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: dead\n  cluster:\n    server: https://127.0.0.1:${port}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: dead\n  context: {cluster: dead, user: u}\ncurrent-context: dead\nusers:\n- name: u\n  user: {token: not-a-secret}\n`,
    );
    // The hub's own kubeconfig with another token.
    const wrongTokenConfig = path.join(hub.tmp, 'wrong-token-kubeconfig');
    await writeFile(wrongTokenConfig, (await readFile(hub.kubeconfigPath, 'utf8')).replace(/token: .*/, 'token: not-the-token'));
    const [unreachable, rejected] = await Promise.all([
      runLifeboat(['doctor', '--kubeconfig', deadConfig]),
      runLifeboat(['doctor', '--kubeconfig', wrongTokenConfig]),
    ]);
    assert.equal(rejected.code, 2);
    assert.match(rejected.stderr, /^lifeboat doctor: the API server https:\/\/127\.0\.0\.1:\d+ rejected the kubeconfig's credentials \(Unauthorized\)\n$/);
    assert.equal(unreachable.code, 2);
    assert.match(unreachable.stderr, new RegExp(`^lifeboat doctor: cannot query the API server https://127\\.0\\.0\\.1:${port}: `));
    for (const res of [badOutput, missing, unreachable, rejected]) assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
    assert.doesNotMatch(unreachable.stderr, /not-a-secret/, 'the token is never printed');

    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit status: 0 when every applicable check passes, 1 when one fails, 2 when/);
    assert.match(help.stdout, /backup-storage-location-available\s+backup storage location Available/);
  });
});

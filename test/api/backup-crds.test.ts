// The shipped BackupSchedule and Restore CRDs on the embedded hub, through the real kubectl: they
// install next to the OCM stand-ins, show Phase and Message, keep status behind the status
// subresource, and reject what upstream's schema rejects, naming the field.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHub, waitFor, type TestHub } from '../support/index.js';
import { backupCrds, MSG_SCHEDULES_ENABLED, msgRestoreStarted } from '../../src/api/backup/index.js';
import { OCM_CRD_LABEL } from '../../src/api/ocm/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NS = 'open-cluster-management-backup';

// The BackupSchedule of the product documentation.
const SCHEDULE_ACM = `
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: BackupSchedule
metadata:
  name: schedule-acm
  namespace: ${NS}
spec:
  veleroSchedule: 0 */2 * * *
  veleroTtl: 120h
`;

const RESTORE_ACM = `
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: Restore
metadata:
  name: restore-acm
  namespace: ${NS}
spec:
  cleanupBeforeRestore: CleanupRestored
  veleroManagedClustersBackupName: latest
  veleroCredentialsBackupName: latest
  veleroResourcesBackupName: latest
`;

describe('BackupSchedule and Restore CRDs', () => {
  let env: TestHub;
  const ok = async (args: string[], input?: string) => {
    const r = await env.kubectl(args, { input });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const fails = async (args: string[], input?: string) => {
    const r = await env.kubectl(args, { input });
    assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} unexpectedly succeeded: ${r.stdout}`);
    return r.stderr;
  };

  before(async () => {
    env = await startHub();
    await ok(['apply', '-f', path.join(REPO, 'deploy/crds/backup/'), '-f', path.join(REPO, 'deploy/crds/ocm/')]);
    await ok(['create', 'namespace', NS]);
  });
  after(async () => {
    await env?.teardown();
  });

  it('every shipped CRD becomes Established with its names accepted', async () => {
    const expected = readdirSync(path.join(REPO, 'deploy/crds/backup')).length + readdirSync(path.join(REPO, 'deploy/crds/ocm')).length;
    assert.match(await ok(['wait', '--for=condition=Established', '--timeout=30s', 'crd/backupschedules.cluster.open-cluster-management.io']), /condition met/);
    // One read for all of them: `kubectl wait` on 44 CRDs asks one by one.
    const conditions = '{.status.conditions[?(@.type=="Established")].status}/{.status.conditions[?(@.type=="NamesAccepted")].status}';
    let lines: string[] = [];
    await waitFor(
      'every CRD Established with names accepted',
      async () => {
        lines = (await ok(['get', 'crd', '-o', `jsonpath={range .items[*]}{.metadata.name}=${conditions}{"\\n"}{end}`])).trim().split('\n');
        return lines.length === expected && lines.every((l) => l.endsWith('=True/True'));
      },
      20_000,
      250,
    ).catch((err: Error) => assert.fail(`${err.message}:\n${lines.filter((l) => !l.endsWith('=True/True')).join('\n')}`));
    assert.ok(lines.some((l) => l.startsWith('restores.cluster.open-cluster-management.io=')));
    assert.ok(lines.some((l) => l.startsWith('managedclusters.cluster.open-cluster-management.io=')));
  });

  it('serves both kinds under their short names, and marks neither as an OCM stand-in', async () => {
    const resources = await ok(['api-resources', '--api-group=cluster.open-cluster-management.io']);
    assert.match(resources, /^backupschedules\s+bsch\s+cluster\.open-cluster-management\.io\/v1beta1\s+true\s+BackupSchedule$/m);
    assert.match(resources, /^restores\s+crst\s+cluster\.open-cluster-management\.io\/v1beta1\s+true\s+Restore$/m);
    for (const crd of backupCrds()) assert.equal(crd.metadata.labels?.[OCM_CRD_LABEL], undefined);
  });

  it('accepts the documentation example and shows PHASE and MESSAGE once status is patched', async () => {
    assert.match(await ok(['apply', '-f', '-'], SCHEDULE_ACM), /backupschedule\.cluster\.open-cluster-management\.io\/schedule-acm created/);
    assert.equal(await ok(['get', 'bsch', 'schedule-acm', '-n', NS, '-o', 'jsonpath={.spec.veleroSchedule}|{.spec.veleroTtl}']), '0 */2 * * *|120h');

    let table = await ok(['get', 'bsch', '-A']);
    assert.match(table, /^NAMESPACE\s+NAME\s+PHASE\s+MESSAGE$/m);
    assert.match(table, new RegExp(`^${NS}\\s+schedule-acm\\s*$`, 'm'));

    const status = JSON.stringify({ status: { phase: 'Enabled', lastMessage: MSG_SCHEDULES_ENABLED } });
    await ok(['patch', 'bsch', 'schedule-acm', '-n', NS, '--subresource=status', '--type=merge', '-p', status]);
    table = await ok(['get', 'bsch', '-A']);
    assert.match(table, new RegExp(`^${NS}\\s+schedule-acm\\s+Enabled\\s+${MSG_SCHEDULES_ENABLED}$`, 'm'));
  });

  it('keeps status out of reach of a plain update (status subresource)', async () => {
    const patch = JSON.stringify({ status: { phase: 'Paused', lastMessage: 'from the main resource' } });
    await ok(['patch', 'bsch', 'schedule-acm', '-n', NS, '--type=merge', '-p', patch]);
    assert.equal(await ok(['get', 'bsch', 'schedule-acm', '-n', NS, '-o', 'jsonpath={.status.phase}']), 'Enabled');
  });

  it('keeps a whole velero Schedule copied into status', async () => {
    const copy = {
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: 'acm-credentials-schedule', namespace: NS, labels: { 'cluster.open-cluster-management.io/backup-schedule-type': 'credentials' } },
      spec: { schedule: '0 */2 * * *', template: { ttl: '120h0m0s', includedResources: ['secret', 'configmap'] } },
      status: { phase: 'Enabled' },
    };
    await ok([
      'patch',
      'bsch',
      'schedule-acm',
      '-n',
      NS,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { veleroScheduleCredentials: copy } }),
    ]);
    const stored = JSON.parse(await ok(['get', 'bsch', 'schedule-acm', '-n', NS, '-o', 'jsonpath={.status.veleroScheduleCredentials}']));
    assert.deepEqual(stored, copy);
  });

  it('rejects a BackupSchedule without veleroSchedule, naming the field', async () => {
    const body = `
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: BackupSchedule
metadata: {name: no-cron, namespace: ${NS}}
spec:
  veleroTtl: 120h
`;
    const err = await fails(['apply', '-f', '-'], body);
    assert.match(err, /The BackupSchedule "no-cron" is invalid: spec\.veleroSchedule: Required value/);
  });

  it('rejects a field of the wrong type, naming it', async () => {
    const body = `
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: BackupSchedule
metadata: {name: bad-paused, namespace: ${NS}}
spec:
  veleroSchedule: 0 */2 * * *
  paused: "yes"
  volumeSnapshotLocations: default
`;
    const err = await fails(['create', '-f', '-'], body);
    assert.match(err, /spec\.paused: Invalid value: "string": spec\.paused in body must be of type boolean: "string"/);
    assert.match(err, /spec\.volumeSnapshotLocations: Invalid value: "string": spec\.volumeSnapshotLocations in body must be of type array: "string"/);
  });

  it('leaves cron syntax to the controller: any string is accepted by the schema', async () => {
    const body = SCHEDULE_ACM.replace('schedule-acm', 'wrong-cron').replace('0 */2 * * *', 'WRONG');
    assert.match(await ok(['create', '-f', '-'], body), /wrong-cron created/);
  });

  it('accepts a Restore with every optional field, and shows PHASE and MESSAGE under crst', async () => {
    const full = `${RESTORE_ACM}
  syncRestoreWithNewBackups: false
  restoreSyncInterval: 10m
  restorePVs: null
  preserveNodePorts: true
  restoreStatus:
    includedResources: [webhooks]
  includedNamespaces: [app-a]
  excludedNamespaces: null
  excludedResources: [secrets]
  orLabelSelectors:
    - matchLabels: {app: a}
    - matchExpressions: [{key: tier, operator: In, values: [web]}]
  namespaceMapping: {app-a: app-b}
  hooks:
    resources:
      - name: ignored
        postHooks: [{exec: {command: [echo, hi]}}]
`;
    assert.match(await ok(['apply', '-f', '-'], full), /restore\.cluster\.open-cluster-management\.io\/restore-acm created/);
    const spec = JSON.parse(await ok(['get', 'crst', 'restore-acm', '-n', NS, '-o', 'jsonpath={.spec}']));
    assert.deepEqual(spec.orLabelSelectors, [{ matchLabels: { app: 'a' } }, { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] }]);
    assert.deepEqual(spec.namespaceMapping, { 'app-a': 'app-b' });
    assert.equal(spec.hooks.resources[0].name, 'ignored');

    let table = await ok(['get', 'crst', '-A']);
    assert.match(table, /^NAMESPACE\s+NAME\s+PHASE\s+MESSAGE$/m);
    const status = JSON.stringify({
      status: {
        phase: 'Started',
        lastMessage: msgRestoreStarted('restore-acm'),
        veleroResourcesRestoreName: 'restore-acm-acm-resources-schedule-20240101000000',
      },
    });
    await ok(['patch', 'crst', 'restore-acm', '-n', NS, '--subresource=status', '--type=merge', '-p', status]);
    table = await ok(['get', 'crst', '-A']);
    assert.match(table, new RegExp(`^${NS}\\s+restore-acm\\s+Started\\s+Restore restore-acm started$`, 'm'));
  });

  it('rejects a Restore missing a required field, naming it', async () => {
    const body = RESTORE_ACM.replace('restore-acm', 'no-cleanup').replace('  cleanupBeforeRestore: CleanupRestored\n', '');
    const err = await fails(['create', '-f', '-'], body);
    assert.match(err, /spec\.cleanupBeforeRestore: Required value/);
  });

  it('leaves cleanupBeforeRestore values to the controller (no enum in the schema)', async () => {
    const body = RESTORE_ACM.replace('restore-acm', 'odd-cleanup').replace('CleanupRestored', 'Sometimes');
    assert.match(await ok(['create', '-f', '-'], body), /odd-cleanup created/);
  });

  it('the ACM Restore and the velero Restore are told apart by group', async () => {
    const out = await ok(['get', 'restores.cluster.open-cluster-management.io', '-n', NS, '-o', 'name']);
    assert.match(out, /^restore\.cluster\.open-cluster-management\.io\/restore-acm$/m);
  });
});

// The Restore controller's pure decisions over hand-built state (hub-backup.md §0.6, §1.3, §4.3–4.8,
// decisions 3, 7 and 9): timestamps, keys, backup resolution and timestamp matching, velero
// restore shapes, the phase, sync options and the sync tick, webhook rules, cleanup selectors and
// the delete decision.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLUSTER_ACTIVATION,
  LABEL_BACKUP,
  LABEL_BACKUP_CLUSTER,
  LABEL_BACKUP_SCHEDULE_TYPE,
  MSG_FINISHED,
  MSG_FINISHED_WITH_ERRORS,
  MSG_NO_BACKUPS,
  MSG_NO_VELERO_BACKUPS,
  MSG_SYNC_ENABLED,
  MSG_SYNC_MUST_START_WITH_SKIP,
  MSG_SYNC_REQUIRES_ALL_NAMES,
  SYNC_INVALID_REASONS,
  msgCannotFindBackup,
  msgCannotFindBackupForType,
  msgNothingToDo,
  msgProtectedNamespaceMapping,
  msgRestoreStarted,
  msgSyncCredentialsValue,
  msgSyncManagedClustersValue,
  msgVeleroRestoreFailed,
  msgVeleroRestoreRunning,
  msgVeleroRestoreStarted,
  type AcmRestore,
  type AcmRestoreSpec,
  type AcmRestoreStatus,
} from '../../src/api/backup/index.js';
import type { Backup, Restore } from '../../src/api/velero/index.js';
import {
  ALWAYS_EXCLUDED_RESOURCES,
  buildVeleroRestore,
  computePhase,
  hasNewBackup,
  parseBackupTimestamp,
  planVeleroRestores,
  resolveBackup,
  restoreKeys,
  syncMode,
  syncIntervalMs,
  syncOptionsProblem,
  veleroRestoreName,
  webhookRejection,
} from '../../src/backup/restore/index.js';
import { CleanupCatalog, cleanupParts, formatSelector, shouldDelete } from '../../src/backup/restore/cleanup/index.js';
import { pickTokenSecret, readToken } from '../../src/backup/restore/post-restore/index.js';
import type { TokenSecret } from '../../src/backup/restore/post-restore/msa-token.js';

const NS = 'open-cluster-management-backup';
const T1 = '20260101100000';
const T2 = '20260101120000';
const iso = (stamp: string, offsetS = 0) =>
  new Date(Date.UTC(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8), +stamp.slice(8, 10), +stamp.slice(10, 12), +stamp.slice(12, 14) + offsetS))
    .toISOString()
    .replace('.000', '');

function backup(
  name: string,
  opts: { start?: string; phase?: string; labels?: Record<string, string>; orSelectors?: boolean; spec?: Backup['spec'] } = {},
): Backup {
  const stamp = name.slice(name.lastIndexOf('-') + 1);
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: { name, namespace: NS, labels: opts.labels ?? { [LABEL_BACKUP_CLUSTER]: 'hub-1' } },
    spec: { ...(opts.orSelectors ? { orLabelSelectors: [{ matchExpressions: [{ key: LABEL_BACKUP, operator: 'Exists' }] }] } : {}), ...(opts.spec ?? {}) },
    status: { phase: (opts.phase ?? 'Completed') as 'Completed', startTimestamp: opts.start ?? (/^\d{14}$/.test(stamp) ? iso(stamp) : undefined) },
  };
}

/** A full schedule run: the four restorable backups at one timestamp. */
const run = (stamp: string): Backup[] => [
  backup(`acm-credentials-schedule-${stamp}`, { orSelectors: true }),
  backup(`acm-resources-schedule-${stamp}`),
  backup(`acm-resources-generic-schedule-${stamp}`, { labels: { [LABEL_BACKUP_SCHEDULE_TYPE]: 'resourcesGeneric' } }),
  backup(`acm-managed-clusters-schedule-${stamp}`),
];

function acm(spec: Partial<AcmRestoreSpec>, status?: AcmRestoreStatus, name = 'restore-acm'): AcmRestore {
  return {
    apiVersion: 'cluster.open-cluster-management.io/v1beta1',
    kind: 'Restore',
    metadata: { name, namespace: NS, uid: 'uid-1' },
    spec: {
      cleanupBeforeRestore: 'None',
      veleroManagedClustersBackupName: 'latest',
      veleroCredentialsBackupName: 'latest',
      veleroResourcesBackupName: 'latest',
      ...spec,
    },
    status,
  };
}

function velero(name: string, phase: string | undefined, backupName = ''): Restore {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: { name, namespace: NS },
    spec: { backupName },
    status: phase === undefined ? undefined : { phase: phase as 'Completed' },
  };
}

describe('backup timestamps (§0.6)', () => {
  it('parses the suffix after the last dash as UTC yyyyMMddHHmmss', () => {
    assert.equal(parseBackupTimestamp(`acm-resources-schedule-${T1}`), Date.UTC(2026, 0, 1, 10, 0, 0));
    assert.equal(parseBackupTimestamp('acm-resources-schedule-2026010110'), undefined);
    assert.equal(parseBackupTimestamp('acm-resources-schedule-20260230100000'), undefined, 'February 30th is no date');
    assert.equal(parseBackupTimestamp('acm-resources-schedule-20260101250000'), undefined);
  });
});

describe('restore keys (§4.3, decision 3)', () => {
  it('orders the keys and drops skipped ones; activation subsets only with managed clusters, whatever creds/resources say', () => {
    assert.deepEqual(restoreKeys(acm({}).spec, 'full'), [
      'credentials',
      'resources',
      'resourcesGeneric',
      'resourcesGenericActive',
      'credentialsActive',
      'managedClusters',
    ]);
    assert.deepEqual(restoreKeys(acm({ veleroManagedClustersBackupName: 'skip' }).spec, 'full'), ['credentials', 'resources', 'resourcesGeneric']);
    assert.deepEqual(restoreKeys(acm({ veleroCredentialsBackupName: 'skip', veleroResourcesBackupName: ' SKIP ' }).spec, 'full'), [
      'resourcesGenericActive',
      'credentialsActive',
      'managedClusters',
    ]);
    assert.deepEqual(restoreKeys(acm({}).spec, 'activation'), ['resourcesGenericActive', 'credentialsActive', 'managedClusters']);
    assert.deepEqual(
      restoreKeys(acm({ veleroManagedClustersBackupName: 'Skip', veleroCredentialsBackupName: 'skip', veleroResourcesBackupName: 'skip' }).spec, 'full'),
      [],
    );
  });
});

describe('backup resolution (§4.3)', () => {
  const backups = [
    ...run(T1),
    ...run(T2),
    backup('acm-resources-schedule-20260101130000', { phase: 'Failed' }),
    backup('acm-validation-policy-schedule-20260101140000'),
  ];

  it('latest: the newest Completed or PartiallyFailed backup of the type, never a Failed one', () => {
    const r = resolveBackup('resources', acm({}).spec, backups);
    assert.equal('backup' in r && r.backup.metadata.name, `acm-resources-schedule-${T2}`);
    const partial = [...backups, backup('acm-resources-schedule-20260101150000', { phase: 'PartiallyFailed' })];
    const p = resolveBackup('resources', acm({}).spec, partial);
    assert.equal('backup' in p && p.backup.metadata.name, 'acm-resources-schedule-20260101150000');
    assert.deepEqual(resolveBackup('managedClusters', acm({}).spec, [backup(`acm-resources-schedule-${T1}`)]), { error: MSG_NO_BACKUPS });
  });

  it('a named backup is looked up by its exact name; `latest` and names are trimmed and lower-cased (decision 7)', () => {
    const named = resolveBackup('managedClusters', acm({ veleroManagedClustersBackupName: ` ACM-Managed-Clusters-Schedule-${T1} ` }).spec, backups);
    assert.equal('backup' in named && named.backup.metadata.name, `acm-managed-clusters-schedule-${T1}`);
    assert.deepEqual(resolveBackup('credentials', acm({ veleroCredentialsBackupName: 'invalid-backup-name' }).spec, backups), {
      error: msgCannotFindBackup('invalid-backup-name', 'Backup.velero.io "invalid-backup-name" not found'),
    });
    assert.equal(
      msgCannotFindBackup('invalid-backup-name', 'Backup.velero.io "invalid-backup-name" not found'),
      'cannot find invalid-backup-name Velero Backup: Backup.velero.io "invalid-backup-name" not found',
    );
    const latest = resolveBackup('credentials', acm({ veleroCredentialsBackupName: ' LATEST' }).spec, backups);
    assert.equal('backup' in latest && latest.backup.metadata.name, `acm-credentials-schedule-${T2}`);
  });

  it('the generic backup of a named resources backup is matched by timestamp: exact suffix, else ±30 s of start time', () => {
    const exact = resolveBackup('resourcesGeneric', acm({ veleroResourcesBackupName: `acm-resources-schedule-${T1}` }).spec, backups);
    assert.equal('backup' in exact && exact.backup.metadata.name, `acm-resources-generic-schedule-${T1}`);
    const skewed = [backup('acm-resources-generic-schedule-20260101100025', { start: iso(T1, 25) })];
    const near = resolveBackup('resourcesGeneric', acm({ veleroResourcesBackupName: `acm-resources-schedule-${T1}` }).spec, skewed);
    assert.equal('backup' in near && near.backup.metadata.name, 'acm-resources-generic-schedule-20260101100025');
    const far = [backup('acm-resources-generic-schedule-20260101100031', { start: iso(T1, 31) })];
    assert.deepEqual(resolveBackup('resourcesGeneric', acm({ veleroResourcesBackupName: `acm-resources-schedule-${T1}` }).spec, far), {
      error: msgCannotFindBackupForType(`acm-resources-schedule-${T1}`, 'resourcesGeneric'),
    });
  });

  it('the activation subsets are the backups of the managed-clusters backup’s run (decision 3)', () => {
    const spec = acm({
      veleroManagedClustersBackupName: `acm-managed-clusters-schedule-${T1}`,
      veleroCredentialsBackupName: 'skip',
      veleroResourcesBackupName: 'skip',
    }).spec;
    const plan = planVeleroRestores(acm(spec), 'full', backups);
    assert.equal(plan.kind, 'restores');
    if (plan.kind !== 'restores') return;
    assert.deepEqual(
      plan.restores.map((p) => [p.key, p.backup.metadata.name, p.restore.metadata.name]),
      [
        ['resourcesGenericActive', `acm-resources-generic-schedule-${T1}`, `restore-acm-acm-resources-generic-schedule-${T1}-active`],
        ['credentialsActive', `acm-credentials-schedule-${T1}`, `restore-acm-acm-credentials-schedule-${T1}-active`],
        ['managedClusters', `acm-managed-clusters-schedule-${T1}`, `restore-acm-acm-managed-clusters-schedule-${T1}`],
      ],
    );
  });

  it('errors: credentials first, generic and activation errors only drop their restore, all-skip is nothing to do', () => {
    assert.deepEqual(planVeleroRestores(acm({ veleroCredentialsBackupName: 'nope', veleroManagedClustersBackupName: 'nope2' }), 'full', backups), {
      kind: 'error',
      message: msgCannotFindBackup('nope', 'Backup.velero.io "nope" not found'),
    });
    assert.deepEqual(planVeleroRestores(acm({}), 'full', []), { kind: 'error', message: MSG_NO_VELERO_BACKUPS });
    assert.deepEqual(planVeleroRestores(acm({ veleroCredentialsBackupName: ' ' }), 'full', backups), { kind: 'error', message: 'backup name not found' });
    const noGeneric = backups.filter((b) => !b.metadata.name?.startsWith('acm-resources-generic'));
    const plan = planVeleroRestores(acm({}), 'full', noGeneric);
    assert.equal(plan.kind, 'restores');
    if (plan.kind === 'restores') {
      assert.deepEqual(
        plan.restores.map((p) => p.key),
        ['credentials', 'resources', 'credentialsActive', 'managedClusters'],
      );
      assert.deepEqual(
        plan.skipped.map((s) => s.key),
        ['resourcesGeneric', 'resourcesGenericActive'],
      );
    }
    assert.deepEqual(
      planVeleroRestores(acm({ veleroManagedClustersBackupName: 'skip', veleroCredentialsBackupName: 'skip', veleroResourcesBackupName: 'skip' }), 'full', []),
      {
        kind: 'nothing',
        skipped: [],
      },
    );
    assert.equal(msgNothingToDo('restore-acm'), 'Nothing to do for restore restore-acm');
  });
});

describe('velero restore shapes (§4.4)', () => {
  const creds = backup(`acm-credentials-schedule-${T1}`, { labels: { [LABEL_BACKUP_CLUSTER]: 'hub-1' } });

  it('names, owner, label, cluster resources, excluded resources and the existing-resource policy', () => {
    const r = buildVeleroRestore(acm({ excludedResources: ['configmaps', 'CustomResourceDefinition'] }), 'resources', backup(`acm-resources-schedule-${T1}`));
    assert.equal(r.metadata.name, `restore-acm-acm-resources-schedule-${T1}`);
    assert.deepEqual(r.metadata.ownerReferences, [
      {
        apiVersion: 'cluster.open-cluster-management.io/v1beta1',
        kind: 'Restore',
        name: 'restore-acm',
        uid: 'uid-1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    assert.deepEqual(r.metadata.labels, { [LABEL_BACKUP_CLUSTER]: 'hub-1' });
    assert.equal(r.spec?.includeClusterResources, true);
    assert.equal(r.spec?.existingResourcePolicy, 'update');
    assert.deepEqual(r.spec?.excludedResources, [...ALWAYS_EXCLUDED_RESOURCES, 'configmaps']);
    assert.equal(r.spec?.labelSelector, undefined, 'no operator selector on resources');
    const c = buildVeleroRestore(acm({}), 'credentials', creds);
    assert.equal(c.spec?.includeClusterResources, undefined);
  });

  it('cut to 252 characters before -active', () => {
    const long = 'r'.repeat(240);
    assert.equal(veleroRestoreName(long, `acm-credentials-schedule-${T1}`, 'credentials').length, 252);
    assert.equal(
      veleroRestoreName(long, `acm-credentials-schedule-${T1}`, 'credentialsActive'),
      `${`${long}-acm-credentials-schedule-${T1}`.slice(0, 252)}-active`,
    );
  });

  it('injects the cluster-activation requirement: NotIn for passive, In for the subsets, into each OR-selector, unless the key is there', () => {
    const notIn = { key: LABEL_BACKUP, operator: 'NotIn', values: [CLUSTER_ACTIVATION] };
    const inActivation = { key: LABEL_BACKUP, operator: 'In', values: [CLUSTER_ACTIVATION] };
    assert.deepEqual(buildVeleroRestore(acm({}), 'credentials', creds).spec?.labelSelector, { matchExpressions: [notIn] });
    assert.deepEqual(buildVeleroRestore(acm({}), 'credentialsActive', creds).spec?.labelSelector, { matchExpressions: [inActivation] });
    const user = acm({ labelSelector: { matchLabels: { app: 'x' } } });
    assert.deepEqual(buildVeleroRestore(user, 'resourcesGeneric', creds).spec?.labelSelector, { matchLabels: { app: 'x' }, matchExpressions: [notIn] });
    const ors = acm({ orLabelSelectors: [{ matchLabels: { a: '1' } }, { matchExpressions: [{ key: LABEL_BACKUP, operator: 'Exists' }] }] });
    assert.deepEqual(buildVeleroRestore(ors, 'resourcesGenericActive', creds).spec?.orLabelSelectors, [
      { matchLabels: { a: '1' }, matchExpressions: [inActivation] },
      { matchExpressions: [{ key: LABEL_BACKUP, operator: 'Exists' }] },
    ]);
    assert.equal(buildVeleroRestore(ors, 'resourcesGenericActive', creds).spec?.labelSelector, undefined);
    assert.equal(buildVeleroRestore(acm({}), 'managedClusters', creds).spec?.labelSelector, undefined);
  });

  it('passes the user’s filters and options through', () => {
    const r = buildVeleroRestore(
      acm({
        includedNamespaces: ['a', 'a', 'b'],
        namespaceMapping: { a: 'c' },
        restorePVs: false,
        preserveNodePorts: true,
        restoreStatus: { includedResources: ['managedclusters'] },
      }),
      'managedClusters',
      creds,
    );
    assert.deepEqual(r.spec?.includedNamespaces, ['a', 'b']);
    assert.deepEqual(r.spec?.namespaceMapping, { a: 'c' });
    assert.equal(r.spec?.restorePVs, false);
    assert.equal(r.spec?.preserveNodePorts, true);
    assert.deepEqual(r.spec?.restoreStatus, { includedResources: ['managedclusters'] });
  });
});

describe('phase from the velero restores (§4.6)', () => {
  const tracked: AcmRestoreStatus = {
    phase: 'Started',
    lastMessage: '',
    veleroCredentialsRestoreName: 'restore-acm-c',
    veleroResourcesRestoreName: 'restore-acm-r',
  };
  const phase = (r: AcmRestore, owned: Restore[]) => {
    const d = computePhase(r, owned);
    return [d.phase, d.message, d.cleanupOnEnabled];
  };

  it('without velero restores: nothing to do or started', () => {
    assert.deepEqual(phase(acm({ veleroManagedClustersBackupName: 'skip', veleroCredentialsBackupName: 'skip', veleroResourcesBackupName: 'skip' }), []), [
      'Finished',
      msgNothingToDo('restore-acm'),
      false,
    ]);
    assert.deepEqual(phase(acm({}), []), ['Started', msgRestoreStarted('restore-acm'), false]);
  });

  it('the first tracked restore not done decides; untracked restores do not count', () => {
    const r = acm({}, tracked);
    assert.deepEqual(phase(r, [velero('old', 'InProgress'), velero('restore-acm-c', 'Completed'), velero('restore-acm-r', 'New')]), [
      'Started',
      msgVeleroRestoreStarted('restore-acm-r'),
      false,
    ]);
    assert.deepEqual(phase(r, [velero('restore-acm-c', 'InProgress'), velero('restore-acm-r', undefined)]), [
      'Running',
      msgVeleroRestoreRunning('restore-acm-c'),
      false,
    ]);
    assert.deepEqual(phase(r, [velero('restore-acm-c', 'Failed'), velero('restore-acm-r', 'Completed')]), [
      'Error',
      msgVeleroRestoreFailed('restore-acm-c'),
      false,
    ]);
    assert.deepEqual(phase(r, [velero('restore-acm-c', 'Completed'), velero('restore-acm-r', 'Completed'), velero('restore-acm-c-active', 'Completed')]), [
      'Finished',
      MSG_FINISHED,
      false,
    ]);
    assert.deepEqual(phase(r, [velero('restore-acm-c', 'PartiallyFailed'), velero('restore-acm-r', 'Completed')]), [
      'FinishedWithErrors',
      MSG_FINISHED_WITH_ERRORS,
      false,
    ]);
    assert.deepEqual(
      phase(r, [velero('restore-acm-c', 'FinalizingPartiallyFailed'), velero('restore-acm-r', 'Completed')]),
      ['Started', '', false],
      'still finalizing: unchanged',
    );
  });

  it('valid sync with managed clusters skipped ends Enabled with the cleanup flag; a failure is EnabledWithErrors', () => {
    const spec = { syncRestoreWithNewBackups: true, veleroManagedClustersBackupName: 'skip' };
    assert.deepEqual(phase(acm(spec, tracked), [velero('restore-acm-c', 'Completed'), velero('restore-acm-r', 'Completed')]), [
      'Enabled',
      MSG_SYNC_ENABLED,
      true,
    ]);
    assert.deepEqual(phase(acm(spec, tracked), [velero('restore-acm-c', 'FailedValidation')]), [
      'EnabledWithErrors',
      msgVeleroRestoreFailed('restore-acm-c'),
      true,
    ]);
    assert.deepEqual(
      phase(acm(spec, { ...tracked, phase: 'Enabled', lastMessage: 'x' }), [velero('restore-acm-c', 'InProgress')]),
      ['Enabled', 'x', false],
      'Enabled is kept while syncing',
    );
    const activated = acm(
      { syncRestoreWithNewBackups: true },
      { ...tracked, veleroManagedClustersRestoreName: `restore-acm-acm-managed-clusters-schedule-${T1}` },
    );
    assert.deepEqual(
      phase(activated, [
        velero('restore-acm-c', 'Completed'),
        velero('restore-acm-r', 'Completed'),
        velero(`restore-acm-acm-managed-clusters-schedule-${T1}`, 'Completed'),
        velero(`restore-acm-acm-credentials-schedule-${T1}-active`, 'InProgress'),
      ]),
      ['Running', msgVeleroRestoreRunning(`restore-acm-acm-credentials-schedule-${T1}-active`), false],
      'the activation subsets of the managed-clusters run count (decision 3)',
    );
  });
});

describe('sync options, the webhook rules and the sync tick (§1.3, §4.7, decision 9)', () => {
  it('sync options', () => {
    assert.equal(syncOptionsProblem(acm({ syncRestoreWithNewBackups: true, veleroManagedClustersBackupName: ' Skip ' }).spec), undefined);
    assert.equal(
      syncOptionsProblem(acm({ syncRestoreWithNewBackups: true, veleroManagedClustersBackupName: `acm-managed-clusters-schedule-${T1}` }).spec),
      SYNC_INVALID_REASONS.managedClusters,
    );
    assert.equal(syncOptionsProblem(acm({ syncRestoreWithNewBackups: true, veleroCredentialsBackupName: 'skip' }).spec), SYNC_INVALID_REASONS.credentials);
    assert.equal(syncOptionsProblem(acm({ syncRestoreWithNewBackups: true, veleroResourcesBackupName: '' }).spec), SYNC_INVALID_REASONS.namesNotSet);
  });

  it('restoreSyncInterval: a Go duration, 30m when unset or zero, no minimum', () => {
    const interval = (restoreSyncInterval?: string) => syncIntervalMs(acm({ syncRestoreWithNewBackups: true, restoreSyncInterval }));
    assert.equal(interval(undefined), 30 * 60_000);
    assert.equal(interval('0s'), 30 * 60_000);
    assert.equal(interval('1h5m'), 65 * 60_000);
    assert.equal(interval('500ms'), 500);
    assert.equal(interval('-5m'), 30 * 60_000, 'a negative interval would requeue at once');
    assert.equal(interval('10 minutes'), 30 * 60_000);
  });

  it('webhook rules: protected namespaces, sync values, and a sync Restore must start passive', () => {
    assert.equal(webhookRejection(acm({ namespaceMapping: { apps: ' Kube-Extra ' } })), msgProtectedNamespaceMapping('apps', 'kube-extra'));
    assert.equal(
      msgProtectedNamespaceMapping('apps', 'kube-extra'),
      'spec.namespaceMapping["apps"]: target namespace "kube-extra" is a protected system namespace and may not be used as a restore destination',
    );
    assert.equal(
      webhookRejection(acm({ namespaceMapping: { apps: 'openshift-x' }, syncRestoreWithNewBackups: true })),
      msgProtectedNamespaceMapping('apps', 'openshift-x'),
    );
    assert.equal(
      webhookRejection(acm({ syncRestoreWithNewBackups: true, veleroCredentialsBackupName: undefined as unknown as string })),
      MSG_SYNC_REQUIRES_ALL_NAMES,
    );
    assert.equal(webhookRejection(acm({ syncRestoreWithNewBackups: true, veleroManagedClustersBackupName: 'X' })), msgSyncManagedClustersValue('x'));
    assert.equal(
      webhookRejection(acm({ syncRestoreWithNewBackups: true, veleroManagedClustersBackupName: 'skip', veleroCredentialsBackupName: 'Skip' })),
      msgSyncCredentialsValue('skip'),
    );
    assert.equal(webhookRejection(acm({ syncRestoreWithNewBackups: true })), MSG_SYNC_MUST_START_WITH_SKIP);
    assert.equal(
      webhookRejection(acm({ syncRestoreWithNewBackups: true }, { phase: 'Enabled', lastMessage: '' })),
      undefined,
      'activation of an Enabled Restore',
    );
    assert.equal(webhookRejection(acm({ syncRestoreWithNewBackups: true }, { phase: 'EnabledWithErrors', lastMessage: '' })), undefined);
    assert.equal(webhookRejection(acm({})), undefined, 'a one-shot restore has no sync rules');
  });

  it('new backups, activation, a deleted tracked restore, or nothing', () => {
    const status: AcmRestoreStatus = {
      phase: 'Enabled',
      lastMessage: '',
      veleroCredentialsRestoreName: `restore-acm-acm-credentials-schedule-${T1}`,
      veleroResourcesRestoreName: `restore-acm-acm-resources-schedule-${T1}`,
      veleroGenericResourcesRestoreName: `restore-acm-acm-resources-generic-schedule-${T1}`,
    };
    const passive = acm({ syncRestoreWithNewBackups: true, veleroManagedClustersBackupName: 'skip' }, status);
    const owned = [
      velero(`restore-acm-acm-credentials-schedule-${T1}`, 'Completed', `acm-credentials-schedule-${T1}`),
      velero(`restore-acm-acm-resources-schedule-${T1}`, 'Completed', `acm-resources-schedule-${T1}`),
      velero(`restore-acm-acm-resources-generic-schedule-${T1}`, 'Completed', `acm-resources-generic-schedule-${T1}`),
    ];
    assert.equal(syncMode(passive, owned, run(T1)), undefined);
    assert.equal(hasNewBackup(passive, 'resources', owned, [...run(T1), ...run(T2)]), true);
    assert.equal(syncMode(passive, owned, [...run(T1), ...run(T2)]), 'full');
    assert.equal(syncMode(passive, owned.slice(1), run(T1)), 'full', 'a tracked restore was deleted');
    const activating = acm({ syncRestoreWithNewBackups: true, veleroManagedClustersBackupName: 'latest' }, status);
    assert.equal(syncMode(activating, owned, run(T1)), 'activation');
  });
});

describe('cleanup selectors and the delete decision (§4.8)', () => {
  const catalog = new CleanupCatalog([
    {
      ref: { group: 'cluster.open-cluster-management.io', version: 'v1beta1', plural: 'placements', namespaced: true, kind: 'Placement' },
      kindGroup: 'placement.cluster.open-cluster-management.io',
      singular: 'placement',
    },
    {
      ref: { group: 'cluster.open-cluster-management.io', version: 'v1', plural: 'managedclusters', namespaced: false, kind: 'ManagedCluster' },
      kindGroup: 'managedcluster.cluster.open-cluster-management.io',
      singular: 'managedcluster',
    },
    {
      ref: { group: 'hive.openshift.io', version: 'v1', plural: 'clusterdeployments', namespaced: true, kind: 'ClusterDeployment' },
      kindGroup: 'clusterdeployment.hive.openshift.io',
      singular: 'clusterdeployment',
    },
    {
      ref: { group: 'hive.openshift.io', version: 'v1', plural: 'clusterimagesets', namespaced: false, kind: 'ClusterImageSet' },
      kindGroup: 'clusterimageset.hive.openshift.io',
      singular: 'clusterimageset',
    },
  ]);
  const B = `acm-credentials-schedule-${T2}`;
  const R = `acm-resources-schedule-${T2}`;
  const G = `acm-resources-generic-schedule-${T2}`;
  const M = `acm-managed-clusters-schedule-${T2}`;
  const backups = {
    credentials: backup(B, { orSelectors: true }),
    resources: backup(R, {
      spec: { includedResources: ['placement.cluster.open-cluster-management.io'], excludedNamespaces: ['local-cluster', 'open-cluster-management-backup'] },
    }),
    generic: backup(G, {
      labels: { [LABEL_BACKUP_SCHEDULE_TYPE]: 'resourcesGeneric' },
      spec: { excludedResources: ['secret', 'configmap', 'clusterdeployment.hive.openshift.io', 'managedcluster.cluster.open-cluster-management.io'] },
    }),
    managedClusters: backup(M, {
      spec: { includedResources: ['managedcluster.cluster.open-cluster-management.io', 'clusterdeployment', 'clusterimageset.hive.openshift.io'] },
    }),
  };

  it('CleanupRestored: the exact selectors of each part', () => {
    const parts = cleanupParts(backups, 'CleanupRestored', true, catalog);
    assert.deepEqual(
      parts.map((p) => [p.part, p.backup, [...new Set(p.queries.map((q) => formatSelector(q.requirements)))], p.queries.map((q) => q.ref.plural)]),
      [
        [
          'credentials',
          B,
          [
            `velero.io/backup-name,velero.io/backup-name!=${B},cluster.open-cluster-management.io/type`,
            `velero.io/backup-name,velero.io/backup-name!=${B},hive.openshift.io/secret-type`,
            `velero.io/backup-name,velero.io/backup-name!=${B},cluster.open-cluster-management.io/backup,cluster.open-cluster-management.io/backup!=cluster-activation`,
          ],
          ['secrets', 'configmaps', 'secrets', 'configmaps', 'secrets', 'configmaps'],
        ],
        ['resources', R, [`velero.io/backup-name,velero.io/backup-name notin (${R}),!cluster.open-cluster-management.io/backup`], ['placements']],
        [
          'generic',
          G,
          [
            `velero.io/backup-name,velero.io/backup-name notin (${G}),cluster.open-cluster-management.io/backup,cluster.open-cluster-management.io/backup notin (cluster-activation)`,
          ],
          ['placements', 'clusterimagesets'],
        ],
        [
          'managedClusters',
          M,
          [`velero.io/backup-name,velero.io/backup-name notin (${M}),!cluster.open-cluster-management.io/backup`],
          ['managedclusters', 'clusterdeployments'],
        ],
      ],
    );
  });

  it('CleanupAll: no backup-name requirement, same-backup objects kept; activation objects cleaned when clusters are restored', () => {
    const parts = cleanupParts(backups, 'CleanupAll', false, catalog);
    assert.deepEqual(
      [...new Set(parts[0].queries.map((q) => formatSelector(q.requirements)))],
      [
        `velero.io/backup-name!=${B},cluster.open-cluster-management.io/type`,
        `velero.io/backup-name!=${B},hive.openshift.io/secret-type`,
        `velero.io/backup-name!=${B},cluster.open-cluster-management.io/backup`,
      ],
    );
    assert.equal(formatSelector(parts[1].queries[0].requirements), '!cluster.open-cluster-management.io/backup');
    assert.equal(formatSelector(parts[2].queries[0].requirements), 'cluster.open-cluster-management.io/backup');
    const [, resources, , managed] = parts;
    const q = resources.queries[0];
    assert.equal(shouldDelete(resources, q, { namespace: 'a', name: 'user' }, 'local-cluster'), true, 'a user object');
    assert.equal(
      shouldDelete(resources, q, { namespace: 'a', name: 'same', labels: { 'velero.io/backup-name': R } }, 'local-cluster'),
      false,
      'restored from this backup',
    );
    assert.equal(shouldDelete(resources, q, { namespace: 'local-cluster', name: 'x' }, 'local-cluster'), false, 'in the local cluster namespace');
    assert.equal(shouldDelete(resources, q, { namespace: 'open-cluster-management-backup', name: 'x' }, ''), false, 'in an excluded namespace');
    assert.equal(shouldDelete(resources, q, { namespace: 'a', name: 'x', labels: { 'velero.io/exclude-from-backup': 'true' } }, ''), false);
    assert.equal(shouldDelete(resources, q, { namespace: 'a', name: 'x', labels: { 'installer.name': 'multiclusterhub' } }, ''), false);
    const mcQuery = managed.queries.find((x) => x.ref.plural === 'managedclusters')!;
    assert.equal(shouldDelete(managed, mcQuery, { name: 'local', labels: { 'local-cluster': 'true' } }, 'local'), false, 'the hub’s own ManagedCluster');
    assert.equal(shouldDelete(managed, mcQuery, { name: 'stale' }, 'local'), true);
  });

  it('legacy credentials backups (no OR-selectors) clean up only user credentials', () => {
    const parts = cleanupParts({ credentials: backup(B) }, 'CleanupRestored', false, catalog);
    assert.deepEqual(
      [...new Set(parts[0].queries.map((q) => formatSelector(q.requirements)))],
      [`velero.io/backup-name,velero.io/backup-name!=${B},cluster.open-cluster-management.io/type`],
    );
  });
});

describe('MSA token choice (§5.3)', () => {
  const token = (name: string, value: string | undefined, expiration?: string, created = '2026-01-01T00:00:00Z'): TokenSecret => ({
    metadata: { name, annotations: expiration ? { expirationTimestamp: expiration } : {}, creationTimestamp: created },
    data: value === undefined ? {} : { token: Buffer.from(value).toString('base64') },
  });
  const now = Date.parse('2026-06-01T00:00:00Z');

  it('one secret whatever it says; of several the first unexpired, else the newest', () => {
    assert.equal(pickTokenSecret([token('a', 'x', '2020-01-01T00:00:00Z')], now)?.metadata.name, 'a');
    assert.equal(pickTokenSecret([token('a', 'x', '2020-01-01T00:00:00Z'), token('b', 'y', '2027-01-01T00:00:00Z')], now)?.metadata.name, 'b');
    assert.equal(
      pickTokenSecret([token('a', 'x', 'bad', '2026-01-01T00:00:00Z'), token('b', 'y', undefined, '2026-02-01T00:00:00Z')], now)?.metadata.name,
      'b',
    );
  });

  it('reads the token as a YAML scalar', () => {
    assert.equal(readToken(token('a', 'eyJhbGciOi.abc.def')), 'eyJhbGciOi.abc.def');
    assert.equal(readToken(token('a', '"quoted"\n')), 'quoted');
    assert.equal(readToken(token('a', '{not: [closed')), undefined);
    assert.equal(readToken(token('a', '[a, b]')), undefined);
    assert.equal(readToken(token('a', '')), undefined);
    assert.equal(readToken(token('a', undefined)), undefined);
  });
});

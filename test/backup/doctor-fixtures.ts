// A `lifeboat up` process with the backup and OCM CRDs, and helpers that build the state a
// healthy ACM hub backup leaves behind: a BackupSchedule and Completed velero Backups of every
// type, labelled as the BackupSchedule controller labels them (hub-backup.md §2.3, §2.5).
// Shared by doctor.test.ts and metrics.test.ts.
import path from 'node:path';
import {
  BACKUP_API_VERSION,
  BACKUP_SCHEDULES,
  DEFAULT_BACKUP_NAMESPACE,
  LABEL_BACKUP_CLUSTER,
  LABEL_BACKUP_SCHEDULE_NAME,
  LABEL_BACKUP_SCHEDULE_TYPE,
  MSG_SCHEDULES_ENABLED,
  SCHEDULE_NAME_BY_TYPE,
  type BackupSchedule,
  type ResourceType,
} from '../../src/api/backup/index.js';
import { DATA_PROTECTION_APPLICATIONS } from '../../src/api/ocm/index.js';
import { BACKUPS, BACKUP_STORAGE_LOCATIONS, LABEL_SCHEDULE_NAME, type Backup, type BackupStorageLocation } from '../../src/api/velero/index.js';
import type { KubeClient } from '../../src/kube/index.js';
import { isServed } from '../../src/backup/doctor/api.js';
import { REPO, startUpProcess, waitFor, type UpProcess } from '../support/index.js';

export const NS = DEFAULT_BACKUP_NAMESPACE;
export const SCHEDULE = 'schedule-acm';
/** The types the BackupSchedule controller creates schedules for. */
export const BACKUP_TYPES: readonly ResourceType[] = ['credentials', 'managedClusters', 'resourcesGeneric', 'resources', 'validation'];

/**
 * `lifeboat up` with every CRD applied and the storage location Available. Its backup controllers
 * are off: these tests write the BackupSchedule phases and the Backups themselves, to put the hub
 * in states (failed, stale, collided) that a healthy controller would not produce on demand.
 */
export async function startDoctorHub(): Promise<UpProcess> {
  const hub = await startUpProcess({ args: ['--no-backup-controllers'] });
  const { client, kubectl } = hub;
  try {
    const applied = await kubectl(['apply', '-f', path.join(REPO, 'deploy/crds/backup/'), '-f', path.join(REPO, 'deploy/crds/ocm/')]);
    if (applied.code !== 0) throw new Error(`kubectl apply failed: ${applied.stderr}`);
    await waitFor(
      'the backup and OCM CRDs to be served',
      async () => (await isServed(client, BACKUP_SCHEDULES)) && (await isServed(client, DATA_PROTECTION_APPLICATIONS)),
      20_000,
    );
    await waitFor('BackupStorageLocation default to be Available', async () => (await storageLocationPhase(client)) === 'Available', 20_000);
  } catch (err) {
    await hub.teardown();
    throw err;
  }
  return hub;
}

export async function storageLocationPhase(client: KubeClient): Promise<string | undefined> {
  return (await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, 'default', { namespace: NS })).status?.phase;
}

/** A BackupSchedule in `phase` as its controller would report it (the hub runs without that controller). */
export async function createBackupSchedule(client: KubeClient, phase = 'Enabled', lastMessage = MSG_SCHEDULES_ENABLED): Promise<void> {
  await client.create<BackupSchedule>(BACKUP_SCHEDULES, {
    apiVersion: BACKUP_API_VERSION,
    kind: 'BackupSchedule',
    metadata: { name: SCHEDULE, namespace: NS },
    spec: { veleroSchedule: '0 */1 * * *' },
  });
  await setBackupSchedulePhase(client, phase, lastMessage);
}

export async function setBackupSchedulePhase(client: KubeClient, phase: string, lastMessage: string): Promise<void> {
  await client.patchStatus(BACKUP_SCHEDULES, SCHEDULE, { status: { phase, lastMessage } }, { type: 'merge', namespace: NS });
}

/**
 * One velero Backup per type, named and labelled as the controller's initial backups (§2.5), run
 * by Lifeboat's engine to Completed. Small on purpose: only ConfigMaps of the backup namespace.
 */
export async function createCompletedBackups(client: KubeClient, timestamp: string): Promise<Backup[]> {
  const names: string[] = [];
  for (const type of BACKUP_TYPES) {
    const schedule = SCHEDULE_NAME_BY_TYPE[type];
    const name = `${schedule}-${timestamp}`;
    names.push(name);
    await client.create<Backup>(BACKUPS, {
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: {
        name,
        namespace: NS,
        labels: {
          [LABEL_SCHEDULE_NAME]: schedule,
          [LABEL_BACKUP_SCHEDULE_NAME]: SCHEDULE,
          [LABEL_BACKUP_SCHEDULE_TYPE]: type,
          [LABEL_BACKUP_CLUSTER]: 'test-hub',
        },
      },
      spec: {
        includedNamespaces: [NS],
        includedResources: type === 'validation' ? ['backupschedule.cluster.open-cluster-management.io'] : ['configmaps'],
        ...(type === 'validation' ? { ttl: '1h5m0s' } : {}),
      },
    });
  }
  const done: Backup[] = [];
  await waitFor(
    `backups ${names.join(', ')} to complete`,
    async () => {
      done.length = 0;
      for (const name of names) {
        const b = await client.get<Backup>(BACKUPS, name, { namespace: NS });
        if (b.status?.phase !== 'Completed') return false;
        done.push(b);
      }
      return true;
    },
    30_000,
  );
  return done;
}

// The velero Schedules of one BackupSchedule (hub-backup.md §2.3): selection from
// ../selection, plus the labels, owner reference, cron, TTL and creation-only options.
import {
  BACKUP_API_VERSION,
  LABEL_BACKUP_CLUSTER,
  LABEL_BACKUP_SCHEDULE_NAME,
  LABEL_BACKUP_SCHEDULE_TYPE,
  RESOURCE_TYPES,
  type BackupSchedule,
  type ResourceType,
} from '../../api/backup/index.js';
import { VELERO_API_VERSION, type Schedule } from '../../api/velero/index.js';
import { veleroTtlOf } from '../spec-durations.js';
import { SCHEDULE_TYPES, scheduleNameOf, templateFor, type SelectionInputs } from '../selection/index.js';
import { validationTtl } from './validation-ttl.js';

export function buildSchedule(type: ResourceType, backupSchedule: BackupSchedule, inputs: SelectionInputs, hubId: string, nowMs: number): Schedule {
  const { spec, metadata } = backupSchedule;
  const template = templateFor(type, inputs);
  if (spec.volumeSnapshotLocations && spec.volumeSnapshotLocations.length > 0) template.volumeSnapshotLocations = [...spec.volumeSnapshotLocations];
  if (type === RESOURCE_TYPES.validation) template.ttl = validationTtl(spec.veleroSchedule, nowMs);
  else {
    const ttl = veleroTtlOf(spec);
    if (ttl.kind === 'set') template.ttl = ttl.goString;
  }
  const schedule: Schedule = {
    apiVersion: VELERO_API_VERSION,
    kind: 'Schedule',
    metadata: {
      name: scheduleNameOf(type),
      namespace: metadata.namespace,
      labels: {
        [LABEL_BACKUP_SCHEDULE_NAME]: metadata.name ?? '',
        [LABEL_BACKUP_SCHEDULE_TYPE]: type,
        [LABEL_BACKUP_CLUSTER]: hubId,
      },
      ownerReferences: [
        {
          apiVersion: BACKUP_API_VERSION,
          kind: 'BackupSchedule',
          name: metadata.name ?? '',
          uid: metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { schedule: spec.veleroSchedule, template, paused: spec.paused === true },
  };
  if (spec.useOwnerReferencesInBackup === true) schedule.spec!.useOwnerReferencesInBackup = true;
  if (spec.skipImmediately === true) schedule.spec!.skipImmediately = true;
  return schedule;
}

/** All five, in creation order. */
export function buildSchedules(backupSchedule: BackupSchedule, inputs: SelectionInputs, hubId: string, nowMs: number): Schedule[] {
  return SCHEDULE_TYPES.map((type) => buildSchedule(type, backupSchedule, inputs, hubId, nowMs));
}

import { LABEL_BACKUP_NAME, LABEL_BACKUP_UID, VELERO_API_VERSION, getValidName, type DeleteBackupRequest } from '../../../api/velero/index.js';

/**
 * A DeleteBackupRequest as `velero backup delete` and the GC controller create it (spec/velero.md
 * §1.9): generated name `<backup>-…`, labelled with the backup's (valid) name and its uid.
 */
export function newDeleteBackupRequest(namespace: string, backupName: string, backupUid: string): DeleteBackupRequest {
  return {
    apiVersion: VELERO_API_VERSION,
    kind: 'DeleteBackupRequest',
    metadata: {
      generateName: `${backupName}-`,
      namespace,
      labels: { [LABEL_BACKUP_NAME]: getValidName(backupName), [LABEL_BACKUP_UID]: backupUid },
    },
    spec: { backupName },
  };
}

/** The selector for every request about one backup object (name and uid). */
export function deleteRequestSelector(backupName: string, backupUid: string): string {
  return `${LABEL_BACKUP_NAME}=${getValidName(backupName)},${LABEL_BACKUP_UID}=${backupUid}`;
}

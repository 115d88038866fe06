// data-protection-application-available and backup-storage-location-available: where backups go.

import { DATA_PROTECTION_APPLICATIONS, type DataProtectionApplication } from '../../../api/ocm/index.js';
import { BACKUP_STORAGE_LOCATIONS, type BackupStorageLocation } from '../../../api/velero/index.js';
import { apiName, listIfServed } from '../api.js';
import { listNames, nameOf } from '../describe.js';
import { fail, pass, type CheckDefinition } from '../types.js';

export const dataProtectionApplicationAvailable: CheckDefinition = {
  id: 'data-protection-application-available',
  title: 'DataProtectionApplication exists',
  async run({ client, backupNamespace }) {
    const dpas = await listIfServed<DataProtectionApplication>(client, DATA_PROTECTION_APPLICATIONS, { namespace: backupNamespace });
    if (dpas === undefined) {
      // Not optional: the BackupSchedule accepts only a storage location owned by a DPA-like object.
      return fail(
        `the ${apiName(DATA_PROTECTION_APPLICATIONS)} API is not served: install OADP (on the embedded hub, apply deploy/crds/ocm/ and run lifeboat up --storage)`,
      );
    }
    if (dpas.length === 0)
      return fail(`no DataProtectionApplication in ${backupNamespace}: create one so OADP installs Velero and the backup storage location`);
    return pass(`DataProtectionApplication ${listNames(dpas.map(nameOf))} exists in ${backupNamespace}`);
  },
};

export const backupStorageLocationAvailable: CheckDefinition = {
  id: 'backup-storage-location-available',
  title: 'backup storage location Available',
  async run({ client, backupNamespace }) {
    const locations = await listIfServed<BackupStorageLocation>(client, BACKUP_STORAGE_LOCATIONS, { namespace: backupNamespace });
    if (locations === undefined) return fail(`the ${apiName(BACKUP_STORAGE_LOCATIONS)} API is not served: Velero (or Lifeboat's engine) is not installed`);
    if (locations.length === 0) return fail(`no BackupStorageLocation in ${backupNamespace}: create a DataProtectionApplication with a backup location`);
    const available = locations.filter((l) => l.status?.phase === 'Available');
    if (available.length > 0) return pass(`BackupStorageLocation ${listNames(available.map(nameOf))} is Available`);
    const states = locations.map((l) => {
      const phase = l.status?.phase ? `is ${l.status.phase}` : 'has not been validated yet';
      return `${nameOf(l)} ${phase}${l.status?.message ? `: ${l.status.message}` : ''}`;
    });
    return fail(`no BackupStorageLocation is Available in ${backupNamespace}: ${states.join('; ')}`);
  },
};

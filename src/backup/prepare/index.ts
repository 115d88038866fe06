// prepareForBackup (hub-backup.md §2.8). The MSA part (§5.1) lives in ../msa and is exported there.
export { prepareForBackup, prepareForBackupPass } from './prepare.js';
export type { PrepareOptions, PrepareResult } from './prepare.js';
export { prepareHiveResources } from './hive.js';
export type { HivePassResult } from './hive.js';
export { labelAgentInstallSecrets, labelBaremetalSecrets, MACHINE_API_NAMESPACE } from './infra-secrets.js';
export { labelForBackup } from './label-object.js';

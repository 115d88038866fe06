// ManagedServiceAccount auto-import, backup side (hub-backup.md §5.1). prepareForBackup calls
// prepareManagedServiceAccounts first and stampMsaSecrets last; the BackupSchedule controller uses
// isMsaComponentEnabled and cleanupMsaArtifacts for its validation step (§2.2 step 7).
export { prepareManagedServiceAccounts, AFTER_CREATE_PAUSE_MS } from './prepare-msa.js';
export type { MsaPassInput, MsaPassResult } from './prepare-msa.js';
export { isMsaComponentEnabled, isMsaApiServed } from './component.js';
export { cleanupMsaArtifacts } from './cleanup.js';
export type { CleanupOptions } from './cleanup.js';
export { stampMsaSecrets, listMsaSecrets } from './secrets.js';
export { msaTokenValidity, DEFAULT_MSA_VALIDITY } from './validity.js';
export { shouldCreatePairToken, PAIR_TOKEN_WINDOW_MS } from './pair-token.js';
export { prepareImportedClusters, isImportedCluster, isLocalCluster, listManagedClusters } from './imported-clusters.js';
export type { PrepareImportedClustersInput, PrepareImportedClustersResult } from './imported-clusters.js';
export {
  ensureImportWork,
  deleteLegacyWorks,
  IMPORT_WORK,
  IMPORT_PAIR_WORK,
  IMPORT_BINDING,
  IMPORT_PAIR_BINDING,
  BOOTSTRAP_CLUSTER_ROLE,
  CUSTOM_SUFFIX,
} from './manifest-work.js';
export { hasCredentialsBackupLabel } from './labels.js';
export { SECRETS, CONFIGMAPS } from './core.js';
export type { MetaOnly } from './core.js';

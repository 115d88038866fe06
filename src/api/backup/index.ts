// cluster.open-cluster-management.io/v1beta1 BackupSchedule and Restore: types, CRDs, the fixed
// names and label keys of the hub backup, and its phases and messages.
export * from './types.js';
export * from './crds.js';
export * from './labels.js';
export * from './names.js';
export * from './messages.js';

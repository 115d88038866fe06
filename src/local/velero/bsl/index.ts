// BackupStorageLocation validation: status.phase Available / Unavailable (spec/velero.md §7).
export { validateStorageLocation, unavailable } from './validate.js';
export type { StorageLocationValidation } from './validate.js';
export { BslValidationReconciler, bslValidationController, DEFAULT_VALIDATION_FREQUENCY_MS } from './reconciler.js';
export type { BslValidationOptions } from './reconciler.js';

// `lifeboat restore preview`: the backup side (decisions and cleanup prediction); the CLI supplies
// the engine's plan mode as the RestorePlanner.
export { previewRestore } from './preview.js';
export type { PreviewOptions } from './preview.js';
export { predictCleanup } from './cleanup-prediction.js';
export type { PreviewObject, RestorePreview, PlannedObject, RestorePlanner, PreviewOutcome } from './types.js';

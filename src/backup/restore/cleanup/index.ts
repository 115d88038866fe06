// The delta cleanup after a restore (hub-backup.md §4.8).
export { runDeltaCleanup, trackedCleanupBackups } from './run.js';
export type { DeltaCleanupOptions } from './run.js';
export { cleanupParts } from './queries.js';
export type { CleanupBackups, CleanupMode, CleanupPart, CleanupPartName, CleanupQuery } from './queries.js';
export { shouldDelete, isProtected } from './decide.js';
export type { CleanupCandidate } from './decide.js';
export { discoverCleanupCatalog, CleanupCatalog } from './catalog.js';
export type { CatalogEntry } from './catalog.js';
export { formatSelector, matchesAll } from './requirements.js';
export type { Requirement } from './requirements.js';

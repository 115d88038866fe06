// Velero's backup tarball format (spec/velero.md §3): streaming writer and reader.
export { TarGzWriter } from './tar-writer.js';
export type { TarGzWriterOptions } from './tar-writer.js';
export { readTarGz, ArchiveError } from './tar-reader.js';
export type { TarEntry, ReadTarGzOptions } from './tar-reader.js';
export { UnsafeEntryPathError, normaliseEntryPath, validateEntryPath } from './entry-path.js';
export { createTarGzUpload } from './upload.js';
export type { TarGzUpload } from './upload.js';

// Object stores for backup storage locations: a directory or an S3 bucket.
export { ObjectNotFoundError } from './object-store.js';
export type { ObjectStore } from './object-store.js';
export { FsObjectStore, NotRegularFileError } from './fs-store.js';
// The S3 store is imported where it is used (open-store.ts loads it lazily), not from here.
export type { S3ObjectStoreOptions, S3Credentials } from './s3-store.js';
export { openObjectStore, StorageLocationError } from './open-store.js';
export type { OpenedObjectStore } from './open-store.js';
export { parseAwsCredentials } from './credentials.js';
export { readObject, readObjectText, readGzipObject } from './read-object.js';

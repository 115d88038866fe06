// The built-in kinds of volumes and workloads, as Lifeboat reads and writes them.
export * from './storage.js';
export * from './workloads.js';

// volsync.backube/v1alpha1 ReplicationSource and ReplicationDestination: types, CRDs, and the
// fixed names, labels, annotations and condition vocabulary VolSync uses.
export * from './types.js';
export * from './crds.js';
export * from './vocabulary.js';

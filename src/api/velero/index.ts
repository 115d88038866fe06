// velero.io/v1: types, resource locations, label keys and CRDs.
export * from './types.js';
export { getValidName } from './valid-name.js';
export * from './crds.js';

// Public surface of the CRD schema module: pruning, defaulting and validation of custom
// resources, and validation/defaulting of the CRDs themselves.

export type { JsonSchema, SchemaType, ValidationRule } from '../../api/crd/schema.js';
export { pruneUnknownFields } from './prune.js';
export { applyDefaults } from './defaults.js';
export { validateAgainstSchema, celRulesPresent } from './validate.js';
export { validateCrdSpec, defaultCrdSpec } from './crd-validation.js';

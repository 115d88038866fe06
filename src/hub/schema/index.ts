// Public surface of the CRD schema module: pruning, defaulting and validation of custom
// resources, and validation/defaulting of the CRDs themselves.

export type { JSONSchemaProps, SchemaType, ValidationRule } from './types.js';
export { pruneUnknownFields } from './prune.js';
export { applyDefaults } from './defaults.js';
export { validateAgainstSchema, celRulesPresent } from './validate.js';
export { validateCrdSpec, defaultCrdSpec } from './crd-validation.js';

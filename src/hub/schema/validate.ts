// Validation of a custom resource against its version's schema, in upstream's order: the
// schema keywords (kube-openapi), then embedded-resource shape, then list-type uniqueness.
// CEL rules are not evaluated (see celRulesPresent).

import type { FieldError } from '../errors.js';
import { validateEmbeddedResources } from './embedded.js';
import { validateListTypes } from './list-types.js';
import { validateValue } from './openapi-validator.js';
import type { JsonSchema } from '../../api/crd/schema.js';

export { celRulesPresent } from './cel.js';

/**
 * Errors for `obj` against `schema`. `rootPath` is where `obj` sits in the object being
 * validated ('' for a whole custom resource), and prefixes every field and detail path.
 */
export function validateAgainstSchema(obj: unknown, schema: JsonSchema, rootPath = ''): FieldError[] {
  return [...validateValue(obj, schema, rootPath), ...validateEmbeddedResources(obj, schema, rootPath), ...validateListTypes(obj, schema, rootPath)];
}

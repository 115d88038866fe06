// Namespace (core validation ValidateNamespace): a DNS label name, finalizer names in the spec.
import type { FieldError } from '../../errors.js';
import { list, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSLabel } from '../names.js';
import { validateFinalizerName } from '../finalizer-names.js';

export const namespaceValidator: KindValidator = {
  name: nameIsDNSLabel,
  core: true,
  validate(ns): FieldError[] {
    return list<string>((ns.spec as { finalizers?: unknown } | undefined)?.finalizers).flatMap((f) => validateFinalizerName(str(f), 'spec.finalizers'));
  },
};

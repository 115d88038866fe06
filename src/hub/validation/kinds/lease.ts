// Lease (coordination validation ValidateLease / ValidateLeaseUpdate).
import type { FieldError } from '../../errors.js';
import { isQualifiedName } from '../k8s-strings.js';
import { invalidEach, record, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';

const STRATEGIES = ['OldestEmulationVersion'];

function validateSpec(specValue: unknown): FieldError[] {
  const spec = record(specValue);
  const errs: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) {
    errs.push({ type: 'Invalid', field: 'spec.leaseDurationSeconds', value: spec.leaseDurationSeconds, detail: 'must be greater than 0' });
  }
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0) {
    errs.push({ type: 'Invalid', field: 'spec.leaseTransitions', value: spec.leaseTransitions, detail: 'must be greater than or equal to 0' });
  }
  if (spec.strategy !== undefined) {
    const strategy = str(spec.strategy);
    // Upstream nests the field name once more here.
    const field = 'spec.strategy.strategy';
    if (!strategy.includes('/')) {
      if (!STRATEGIES.includes(strategy)) errs.push({ type: 'NotSupported', field, value: strategy, supported: STRATEGIES });
    } else errs.push(...invalidEach(field, strategy, isQualifiedName(strategy)));
  }
  if (str(spec.preferredHolder) !== '' && str(spec.strategy) === '') {
    errs.push({ type: 'Forbidden', field: 'spec.preferredHolder', detail: 'may only be specified if `strategy` is defined' });
  }
  return errs;
}

export const leaseValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  validate: (lease) => validateSpec(lease.spec),
};

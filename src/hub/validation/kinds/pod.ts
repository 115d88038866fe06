// Pod (core validation ValidatePod / ValidatePodUpdate): the spec, image whitespace, and the
// fields an update may change.
import type { ApiObject } from '../../../api/meta.js';
import { jsonEqual } from '../../../util/json.js';
import type { FieldError } from '../../errors.js';
import { list, record, str, type KindValidator } from '../kind-validator.js';
import { nameIsDNSSubdomain } from '../names.js';
import { defaultPodSpec, validatePodSpec } from '../pod-spec.js';

function imageWhitespace(containers: unknown, field: string): FieldError[] {
  return list(containers).flatMap((c, i) =>
    str(c.image) !== str(c.image).trim()
      ? [{ type: 'Invalid' as const, field: `${field}[${i}].image`, value: str(c.image), detail: 'must not have leading or trailing whitespace' }]
      : [],
  );
}

const MUTABLE_NOTE =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function validateUpdate(pod: ApiObject, old: ApiObject): FieldError[] {
  const spec = record(pod.spec);
  const oldSpec = record(old.spec);
  for (const k of ['containers', 'initContainers']) {
    if (list(spec[k]).length !== list(oldSpec[k]).length)
      return [{ type: 'Forbidden', field: `spec.${k}`, detail: 'pod updates may not add or remove containers' }];
  }
  // Compare what may not change: everything but images, the deadline and added tolerations.
  const munge = (s: Record<string, unknown>): Record<string, unknown> => ({
    ...s,
    containers: list(s.containers).map((c) => ({ ...c, image: undefined })),
    initContainers: list(s.initContainers).map((c) => ({ ...c, image: undefined })),
    activeDeadlineSeconds: undefined,
    tolerations: undefined,
  });
  return jsonEqual(JSON.parse(JSON.stringify(munge(spec))), JSON.parse(JSON.stringify(munge(oldSpec))))
    ? []
    : [{ type: 'Forbidden', field: 'spec', detail: MUTABLE_NOTE }];
}

export const podValidator: KindValidator = {
  name: nameIsDNSSubdomain,
  core: true,
  defaults: (pod) => defaultPodSpec(pod.spec ?? (pod.spec = {})),
  validate: (pod) => [
    ...validatePodSpec(pod.spec, 'spec'),
    ...imageWhitespace(record(pod.spec).containers, 'spec.containers'),
    ...imageWhitespace(record(pod.spec).initContainers, 'spec.initContainers'),
  ],
  validateUpdate,
};

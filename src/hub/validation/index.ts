// Validation of every write, as upstream's generic store runs it: on create the kind's Validate
// (ObjectMeta with the kind's name rule, then its own rules) and, only if that passes, the
// common ObjectMeta check every kind gets; on update the common checks first, then the kind's
// ValidateUpdate. Custom resources and CRDs get ObjectMeta with DNS-subdomain names; their
// schemas are checked elsewhere.
import type { ApiObject } from '../../api/meta.js';
import type { FieldError } from '../errors.js';
import type { ResourceType } from '../registry/resource-type.js';
import { validateKubeFinalizerName } from './finalizer-names.js';
import type { KindValidator } from './kind-validator.js';
import { configMapValidator } from './kinds/config-map.js';
import { endpointsValidator } from './kinds/endpoints.js';
import { coreEventValidator, eventsV1Validator } from './kinds/event.js';
import { jobValidator } from './kinds/job.js';
import { leaseValidator } from './kinds/lease.js';
import { namespaceValidator } from './kinds/namespace.js';
import { persistentVolumeClaimValidator } from './kinds/persistent-volume-claim.js';
import { persistentVolumeValidator } from './kinds/persistent-volume.js';
import { podValidator } from './kinds/pod.js';
import { clusterRoleBindingValidator, clusterRoleValidator, roleBindingValidator, roleValidator } from './kinds/rbac.js';
import { limitRangeValidator, resourceQuotaValidator } from './kinds/resource-quota.js';
import { secretValidator } from './kinds/secret.js';
import { serviceAccountValidator } from './kinds/service-account.js';
import { serviceValidator } from './kinds/service.js';
import { storageClassValidator } from './kinds/storage-class.js';
import { nameIsDNSSubdomain, pathSegmentName } from './names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

export { generateJobSelector } from './kinds/job.js';

const VALIDATORS: Record<string, KindValidator> = {
  '/Namespace': namespaceValidator,
  '/ConfigMap': configMapValidator,
  '/Secret': secretValidator,
  '/ServiceAccount': serviceAccountValidator,
  '/Service': serviceValidator,
  '/Endpoints': endpointsValidator,
  '/Event': coreEventValidator,
  '/PersistentVolumeClaim': persistentVolumeClaimValidator,
  '/PersistentVolume': persistentVolumeValidator,
  '/Pod': podValidator,
  '/ResourceQuota': resourceQuotaValidator,
  '/LimitRange': limitRangeValidator,
  'batch/Job': jobValidator,
  'coordination.k8s.io/Lease': leaseValidator,
  'events.k8s.io/Event': eventsV1Validator,
  'rbac.authorization.k8s.io/Role': roleValidator,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingValidator,
  'rbac.authorization.k8s.io/ClusterRole': clusterRoleValidator,
  'rbac.authorization.k8s.io/ClusterRoleBinding': clusterRoleBindingValidator,
  'storage.k8s.io/StorageClass': storageClassValidator,
};

/** Custom resources and CRDs: only their metadata here. */
const GENERIC: KindValidator = { name: nameIsDNSSubdomain };

function validatorFor(rt: ResourceType): KindValidator {
  if (rt.crdName) return GENERIC;
  return VALIDATORS[`${rt.group}/${rt.kind}`] ?? GENERIC;
}

/** SetDefaults_<Kind>, applied when a built-in object is decoded. */
export function applyBuiltinDefaults(rt: ResourceType, obj: ApiObject): void {
  if (!rt.crdName) validatorFor(rt).defaults?.(obj);
}

function kindMeta(v: KindValidator, rt: ResourceType, obj: ApiObject): FieldError[] {
  if (!v.name) return [];
  const errs = validateObjectMeta(obj.metadata, rt.namespaced, v.name);
  // Core's ObjectMeta wrapper also requires standard or fully qualified finalizer names.
  if (v.core) for (const f of obj.metadata.finalizers ?? []) errs.push(...validateKubeFinalizerName(f, 'metadata.finalizers'));
  return errs;
}

export function validateCreate(rt: ResourceType, obj: ApiObject): FieldError[] {
  const v = validatorFor(rt);
  const errs = [...kindMeta(v, rt, obj), ...(v.validate?.(obj) ?? [])];
  if (errs.length > 0) return errs;
  return validateObjectMeta(obj.metadata, rt.namespaced, pathSegmentName);
}

export function validateUpdate(rt: ResourceType, obj: ApiObject, old: ApiObject): FieldError[] {
  const v = validatorFor(rt);
  const updateRules = v.validateUpdate?.(obj, old) ?? [];
  return [
    ...validateObjectMeta(obj.metadata, rt.namespaced, pathSegmentName),
    ...validateObjectMetaUpdate(obj.metadata, old.metadata),
    ...(v.updateRulesFirst ? updateRules : []),
    ...kindMeta(v, rt, obj),
    ...(v.validate?.(obj, old) ?? []),
    ...(v.updateRulesFirst ? [] : updateRules),
  ];
}

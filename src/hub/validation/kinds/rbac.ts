// Roles, ClusterRoles and their bindings (rbac validation). Their names only need to be usable as
// a URL path segment: `system:controller:foo` and `open-cluster-management:cluster-manager-admin`
// are valid, `a/b`, `50%`, `.` and `..` are not.
import type { ApiObject } from '../../../api/meta.js';
import type { FieldError } from '../../errors.js';
import { nameIsDNSSubdomain, pathSegmentName } from '../names.js';
import { get, invalidEach, list, record, str, type KindValidator } from '../kind-validator.js';
import { validateLabelSelector } from '../label-selector.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function validatePolicyRule(rule: Record<string, unknown>, namespaced: boolean, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (list(rule.verbs).length === 0) errs.push({ type: 'Required', field: `${field}.verbs`, detail: 'verbs must contain at least one value' });
  const urls = list(rule.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced)
      errs.push({ type: 'Invalid', field: `${field}.nonResourceURLs`, value: urls, detail: 'namespaced rules cannot apply to non-resource URLs' });
    if (list(rule.apiGroups).length > 0 || list(rule.resources).length > 0 || list(rule.resourceNames).length > 0) {
      errs.push({
        type: 'Invalid',
        field: `${field}.nonResourceURLs`,
        value: urls,
        detail: 'rules cannot apply to both regular resources and non-resource URLs',
      });
    }
    return errs;
  }
  if (list(rule.apiGroups).length === 0)
    errs.push({ type: 'Required', field: `${field}.apiGroups`, detail: 'resource rules must supply at least one api group' });
  if (list(rule.resources).length === 0)
    errs.push({ type: 'Required', field: `${field}.resources`, detail: 'resource rules must supply at least one resource' });
  return errs;
}

function roleRules(role: ApiObject, namespaced: boolean): FieldError[] {
  return list(role.rules).flatMap((rule, i) => validatePolicyRule(record(rule), namespaced, `rules[${i}]`));
}

function aggregationRule(role: ApiObject): FieldError[] {
  if (role.aggregationRule === undefined) return [];
  const selectors = list(get(role, 'aggregationRule', 'clusterRoleSelectors'));
  if (selectors.length === 0) {
    return [
      { type: 'Required', field: 'aggregationRule.clusterRoleSelectors', detail: 'at least one clusterRoleSelector required if aggregationRule is non-nil' },
    ];
  }
  return selectors.flatMap((s, i) => validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`));
}

function validateSubject(subject: Record<string, unknown>, namespaced: boolean, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(subject.name);
  if (!name) errs.push({ type: 'Required', field: `${field}.name` });
  const apiGroup = str(subject.apiGroup);
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name) errs.push(...invalidEach(`${field}.name`, name, nameIsDNSSubdomain(name, false)));
      if (apiGroup) errs.push({ type: 'NotSupported', field: `${field}.apiGroup`, value: apiGroup, supported: [''] });
      if (!namespaced && !str(subject.namespace)) errs.push({ type: 'Required', field: `${field}.namespace` });
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push({ type: 'NotSupported', field: `${field}.apiGroup`, value: apiGroup, supported: [RBAC_GROUP] });
      break;
    default:
      errs.push({ type: 'NotSupported', field: `${field}.kind`, value: str(subject.kind), supported: ['ServiceAccount', 'User', 'Group'] });
  }
  return errs;
}

function validateBinding(binding: ApiObject, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ref = record(binding.roleRef);
  if (ref.apiGroup !== RBAC_GROUP) errs.push({ type: 'NotSupported', field: 'roleRef.apiGroup', value: str(ref.apiGroup), supported: [RBAC_GROUP] });
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(ref.kind))) errs.push({ type: 'NotSupported', field: 'roleRef.kind', value: str(ref.kind), supported: kinds });
  const roleName = str(ref.name);
  if (!roleName) errs.push({ type: 'Required', field: 'roleRef.name' });
  else errs.push(...invalidEach('roleRef.name', roleName, pathSegmentName(roleName, false)));
  list(binding.subjects).forEach((s, i) => errs.push(...validateSubject(record(s), namespaced, `subjects[${i}]`)));
  return errs;
}

function roleRefUnchanged(binding: ApiObject, old: ApiObject): FieldError[] {
  const [a, b] = [record(binding.roleRef), record(old.roleRef)];
  const same = ['apiGroup', 'kind', 'name'].every((k) => str(a[k]) === str(b[k]));
  return same ? [] : [{ type: 'Invalid', field: 'roleRef', value: binding.roleRef, detail: 'cannot change roleRef' }];
}

/** SetDefaults_Subject: users and groups belong to the RBAC API group. */
function defaultSubjects(binding: ApiObject): void {
  for (const s of list(binding.subjects)) {
    if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
}

export const roleValidator: KindValidator = { name: pathSegmentName, validate: (r) => roleRules(r, true) };
export const clusterRoleValidator: KindValidator = { name: pathSegmentName, validate: (r) => [...roleRules(r, false), ...aggregationRule(r)] };
export const roleBindingValidator: KindValidator = {
  name: pathSegmentName,
  defaults: defaultSubjects,
  validate: (b) => validateBinding(b, true),
  validateUpdate: roleRefUnchanged,
};
export const clusterRoleBindingValidator: KindValidator = {
  name: pathSegmentName,
  defaults: defaultSubjects,
  validate: (b) => validateBinding(b, false),
  validateUpdate: roleRefUnchanged,
};

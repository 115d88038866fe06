// RoleBinding and ClusterRoleBinding printers (Roles and ClusterRoles use the default table).

import { AGE_COLUMN, NAME_COLUMN, column, wide } from './columns.js';
import { ageOf, nameOf } from './print-helpers.js';
import type { TableSpec } from './types.js';
import { list, rec, str, type Obj } from './unstructured.js';

// rbac.SubjectsStrings; service accounts print as namespace/name.
function subjects(obj: Obj): [users: string, groups: string, serviceAccounts: string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of list(obj.subjects).map(rec)) {
    if (s.kind === 'User') users.push(str(s.name));
    else if (s.kind === 'Group') groups.push(str(s.name));
    else if (s.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}/${str(s.name)}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingTable(what: string): TableSpec {
  return {
    columns: [
      NAME_COLUMN,
      column(
        'Role',
        what === 'roleBinding'
          ? 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.'
          : 'RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
      ),
      AGE_COLUMN,
      wide('Users', `Users in the ${what}`),
      wide('Groups', `Groups in the ${what}`),
      wide('ServiceAccounts', `ServiceAccounts in the ${what}`),
    ],
    cells: (obj, now) => {
      const roleRef = rec(obj.roleRef);
      return [nameOf(obj), `${str(roleRef.kind)}/${str(roleRef.name)}`, ageOf(obj, now), ...subjects(obj)];
    },
  };
}

export const ROLEBINDING_TABLE = bindingTable('roleBinding');
export const CLUSTERROLEBINDING_TABLE = bindingTable('clusterRoleBinding');

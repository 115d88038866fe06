// The mover's identity (volsync.md §2.7): a ServiceAccount, Role and RoleBinding per CR named
// `volsync-src-<cr>` / `volsync-dst-<cr>`. The Role has no rules unless the namespace allows
// privileged movers, when it may use the privileged SecurityContextConstraints (OpenShift).
// A user's own `moverServiceAccount` must exist and is used as it is.
import { SERVICE_ACCOUNTS } from '../kube/index.js';
import { ownerRef, type MoverContext } from './context.js';
import { createOrUpdate, setControllerReference } from './create-or-update.js';
import { ROLE_BINDINGS, ROLES, type Typed } from './kinds.js';
import { setOwnedByVolSync } from './labels.js';
import { moverServiceAccountName, type Side } from './names.js';

type Role = Typed & { rules?: unknown[] };
type RoleBinding = Typed & { roleRef?: unknown; subjects?: unknown[] };

/** Ensures the mover's ServiceAccount and returns its name. */
export async function ensureMoverServiceAccount(ctx: MoverContext, userSupplied: string | undefined): Promise<string> {
  const namespace = ctx.owner.metadata.namespace;
  if (userSupplied) {
    await ctx.client.get(SERVICE_ACCOUNTS, userSupplied, { namespace, signal: ctx.signal });
    return userSupplied;
  }
  const side: Side = ctx.isSource ? 'src' : 'dst';
  const name = moverServiceAccountName(side, ctx.owner.metadata.name);
  const own = (obj: Typed): void => {
    setControllerReference(obj, ownerRef(ctx.owner));
    setOwnedByVolSync(obj);
  };
  await createOrUpdate<Typed>(ctx.client, SERVICE_ACCOUNTS, namespace, name, own, ctx.signal);
  await createOrUpdate<Role>(
    ctx.client,
    ROLES,
    namespace,
    name,
    (role) => {
      own(role);
      if (ctx.privileged) {
        role.rules = [
          { apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: [ctx.settings.sccName], verbs: ['use'] },
        ];
      } else delete role.rules;
    },
    ctx.signal,
  );
  await createOrUpdate<RoleBinding>(
    ctx.client,
    ROLE_BINDINGS,
    namespace,
    name,
    (binding) => {
      own(binding);
      binding.roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name };
      binding.subjects = [{ kind: 'ServiceAccount', name, namespace }];
    },
    ctx.signal,
  );
  return name;
}

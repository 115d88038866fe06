// The mover's identity (volsync.md §2.7): a ServiceAccount, Role and RoleBinding per CR named
// `volsync-src-<cr>` / `volsync-dst-<cr>`. The Role has no rules unless the namespace allows
// privileged movers, when it may use the privileged SecurityContextConstraints (OpenShift).
// A user's own `moverServiceAccount` must exist and is used as it is. Image-pull Secrets named by
// --mover-image-pull-secrets are copied into the mover's namespace and added to its ServiceAccount.
import { isNotFound, SECRETS, SERVICE_ACCOUNTS } from '../kube/index.js';
import { ownerRef, type MoverContext } from './context.js';
import { addOwnerReference, createOrUpdate, setControllerReference } from './create-or-update.js';
import { ROLE_BINDINGS, ROLES, type Secret, type Typed } from './kinds.js';
import { setOwnedByVolSync } from './labels.js';
import { hashedName, moverServiceAccountName, type Side } from './names.js';

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
  const pullSecrets = await copyPullSecrets(ctx);
  await createOrUpdate<Typed & { imagePullSecrets?: { name: string }[] }>(
    ctx.client,
    SERVICE_ACCOUNTS,
    namespace,
    name,
    (sa) => {
      own(sa);
      for (const secret of pullSecrets) if (!(sa.imagePullSecrets ?? []).some((s) => s.name === secret)) (sa.imagePullSecrets ??= []).push({ name: secret });
    },
    ctx.signal,
  );
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

/**
 * Copies each configured image-pull Secret from the operator's namespace into the mover's as
 * `volsync-pull-<crc32(name)>`, owned (not controlled) by the CR; returns the names of the copies.
 * A missing original is only a warning, as in VolSync.
 */
async function copyPullSecrets(ctx: MoverContext): Promise<string[]> {
  const copies: string[] = [];
  for (const original of ctx.settings.moverImagePullSecrets) {
    let source: Secret;
    try {
      source = await ctx.client.get<Secret>(SECRETS, original, { namespace: ctx.settings.operatorNamespace, signal: ctx.signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      ctx.log.warn({ secret: original, namespace: ctx.settings.operatorNamespace }, 'mover image pull secret not found in the operator namespace');
      continue;
    }
    const copy = `volsync-pull-${hashedName(original)}`;
    await createOrUpdate<Secret>(
      ctx.client,
      SECRETS,
      ctx.owner.metadata.namespace,
      copy,
      (secret, isNew) => {
        addOwnerReference(secret, ownerRef(ctx.owner));
        setOwnedByVolSync(secret);
        if (isNew && source.type) secret.type = source.type;
        secret.data = source.data;
      },
      ctx.signal,
    );
    copies.push(copy);
  }
  return copies;
}

// Velero's built-in backup item actions (spec/velero.md §4.9): a pod brings its PVCs, a PVC its
// PV, a service account the ClusterRoleBindings that name it and their ClusterRoles. Related items
// ignore the label selectors but go through the same per-item checks as everything else.
import type { KubeClient } from '../../../kube/index.js';
import type { ApiResourceCatalog, ApiResourceInfo } from '../filters/api-resources.js';
import { listObjects, type RawObject } from './list-pages.js';

export interface RelatedItem {
  resource: ApiResourceInfo;
  namespace: string;
  name: string;
}

const CRB_GR = 'clusterrolebindings.rbac.authorization.k8s.io';
const CR_GR = 'clusterroles.rbac.authorization.k8s.io';

interface BindingRef {
  name: string;
  role: string;
  subjects: { namespace: string; name: string }[];
}

export class AdditionalItems {
  // Only bindings with service-account subjects, read once per backup as Velero does.
  private bindings: BindingRef[] | undefined;

  constructor(
    private readonly client: KubeClient,
    private readonly catalog: ApiResourceCatalog,
    private readonly pageSize: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** The items an object brings with it, in Velero's order. */
  async relatedTo(resource: ApiResourceInfo, item: RawObject): Promise<RelatedItem[]> {
    if (resource.group !== '') return [];
    const namespace = item.metadata?.namespace ?? '';
    const spec = (item.spec ?? {}) as Record<string, unknown>;
    switch (resource.plural) {
      case 'pods': {
        const pvcs = this.catalog.byGroupResource('persistentvolumeclaims');
        if (!pvcs) return [];
        const volumes = Array.isArray(spec.volumes) ? (spec.volumes as { persistentVolumeClaim?: { claimName?: string } }[]) : [];
        return volumes.flatMap((v) => (v.persistentVolumeClaim?.claimName ? [{ resource: pvcs, namespace, name: v.persistentVolumeClaim.claimName }] : []));
      }
      case 'persistentvolumeclaims': {
        const pvs = this.catalog.byGroupResource('persistentvolumes');
        const volumeName = typeof spec.volumeName === 'string' ? spec.volumeName : '';
        return pvs && volumeName ? [{ resource: pvs, namespace: '', name: volumeName }] : [];
      }
      case 'serviceaccounts':
        return this.bindingsOf(namespace, item.metadata?.name ?? '');
      default:
        return [];
    }
  }

  private async bindingsOf(namespace: string, name: string): Promise<RelatedItem[]> {
    const crbs = this.catalog.byGroupResource(CRB_GR);
    const crs = this.catalog.byGroupResource(CR_GR);
    if (!crbs || !crs) return [];
    this.bindings ??= await this.readBindings(crbs);
    const bindingNames = new Set<string>();
    const roleNames = new Set<string>();
    for (const b of this.bindings) {
      if (b.subjects.some((s) => s.namespace === namespace && s.name === name)) {
        bindingNames.add(b.name);
        roleNames.add(b.role);
      }
    }
    return [
      ...[...bindingNames].sort().map((n) => ({ resource: crbs, namespace: '', name: n })),
      ...[...roleNames].sort().map((n) => ({ resource: crs, namespace: '', name: n })),
    ];
  }

  private async readBindings(crbs: ApiResourceInfo): Promise<BindingRef[]> {
    const out: BindingRef[] = [];
    for await (const page of listObjects(this.client, crbs, { pageSize: this.pageSize, signal: this.signal })) {
      for (const crb of page) {
        const subjects = (Array.isArray(crb.subjects) ? (crb.subjects as { kind?: string; namespace?: string; name?: string }[]) : [])
          .filter((s) => s.kind === 'ServiceAccount')
          .map((s) => ({ namespace: s.namespace ?? '', name: s.name ?? '' }));
        if (subjects.length > 0) out.push({ name: crb.metadata?.name ?? '', role: (crb.roleRef as { name?: string } | undefined)?.name ?? '', subjects });
      }
    }
    return out;
  }
}

// The synthetic ACM hub of the benchmarks: per managed cluster a namespace, its ManagedCluster and
// ~50 typical objects of 1–4 KiB (ClusterDeployment, KlusterletAddonConfig, add-ons, secrets,
// ConfigMaps, policies, placements, ManifestWorks), every one labelled for the hub backup.
import type { KubeClient, ResourceRef } from '../src/kube/index.js';

const ref = (group: string, version: string, plural: string, kind: string, namespaced = true): ResourceRef => ({ group, version, plural, kind, namespaced });
export const R = {
  ns: ref('', 'v1', 'namespaces', 'Namespace', false),
  secret: ref('', 'v1', 'secrets', 'Secret'),
  cm: ref('', 'v1', 'configmaps', 'ConfigMap'),
  mc: ref('cluster.open-cluster-management.io', 'v1', 'managedclusters', 'ManagedCluster', false),
  addon: ref('addon.open-cluster-management.io', 'v1alpha1', 'managedclusteraddons', 'ManagedClusterAddOn'),
  cd: ref('hive.openshift.io', 'v1', 'clusterdeployments', 'ClusterDeployment'),
  kac: ref('agent.open-cluster-management.io', 'v1', 'klusterletaddonconfigs', 'KlusterletAddonConfig'),
  policy: ref('policy.open-cluster-management.io', 'v1', 'policies', 'Policy'),
  placement: ref('cluster.open-cluster-management.io', 'v1beta1', 'placements', 'Placement'),
  work: ref('work.open-cluster-management.io', 'v1', 'manifestworks', 'ManifestWork'),
  backup: ref('velero.io', 'v1', 'backups', 'Backup'),
  restore: ref('velero.io', 'v1', 'restores', 'Restore'),
  bsl: ref('velero.io', 'v1', 'backupstoragelocations', 'BackupStorageLocation'),
};

const filler = (bytes: number) => 'x'.repeat(bytes);

/** The ~50 objects of one managed cluster, 1–4 KiB each. */
export function clusterObjects(i: number): [ResourceRef, Record<string, unknown>][] {
  const ns = `cluster-${String(i).padStart(4, '0')}`;
  const meta = (name: string, labels: Record<string, string> = {}) => ({
    name,
    namespace: ns,
    labels: { 'cluster.open-cluster-management.io/backup': 'true', ...labels },
  });
  const out: [ResourceRef, Record<string, unknown>][] = [];
  out.push([
    R.cd,
    {
      apiVersion: 'hive.openshift.io/v1',
      kind: 'ClusterDeployment',
      metadata: meta(ns),
      spec: {
        clusterName: ns,
        baseDomain: 'example.com',
        platform: { aws: { region: 'eu-west-1' } },
        pullSecretRef: { name: 'pull-secret' },
        notes: filler(2000),
      },
    },
  ]);
  out.push([
    R.kac,
    {
      apiVersion: 'agent.open-cluster-management.io/v1',
      kind: 'KlusterletAddonConfig',
      metadata: meta(ns),
      spec: { clusterName: ns, applicationManager: { enabled: true }, policyController: { enabled: true }, notes: filler(1000) },
    },
  ]);
  for (const a of [
    'application-manager',
    'cert-policy-controller',
    'config-policy-controller',
    'governance-policy-framework',
    'search-collector',
    'work-manager',
    'managed-serviceaccount',
    'cluster-proxy',
  ]) {
    out.push([
      R.addon,
      {
        apiVersion: 'addon.open-cluster-management.io/v1alpha1',
        kind: 'ManagedClusterAddOn',
        metadata: meta(a),
        spec: { installNamespace: 'open-cluster-management-agent-addon', notes: filler(900) },
      },
    ]);
  }
  for (let s = 0; s < 12; s++) {
    out.push([
      R.secret,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta(`secret-${s}`, { 'hive.openshift.io/secret-type': 'kubeconfig' }),
        type: 'Opaque',
        data: { kubeconfig: Buffer.from(filler(1500 + s * 100)).toString('base64') },
      },
    ]);
  }
  for (let c = 0; c < 10; c++)
    out.push([R.cm, { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(`config-${c}`), data: { value: filler(1200 + c * 200) } }]);
  for (let p = 0; p < 8; p++) {
    out.push([
      R.policy,
      {
        apiVersion: 'policy.open-cluster-management.io/v1',
        kind: 'Policy',
        metadata: meta(`policy-${p}`),
        spec: { disabled: false, remediationAction: 'inform', 'policy-templates': [{ objectDefinition: { notes: filler(1800) } }] },
      },
    ]);
  }
  for (let p = 0; p < 4; p++)
    out.push([
      R.placement,
      {
        apiVersion: 'cluster.open-cluster-management.io/v1beta1',
        kind: 'Placement',
        metadata: meta(`placement-${p}`),
        spec: { predicates: [{ requiredClusterSelector: { labelSelector: { matchLabels: { name: ns } } } }], notes: filler(1000) },
      },
    ]);
  for (let w = 0; w < 5; w++)
    out.push([
      R.work,
      {
        apiVersion: 'work.open-cluster-management.io/v1',
        kind: 'ManifestWork',
        metadata: meta(`work-${w}`),
        spec: {
          workload: { manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `w${w}`, namespace: 'default' }, data: { v: filler(2500) } }] },
        },
      },
    ]);
  return out;
}

export const clusterNamespace = (i: number): string => `cluster-${String(i).padStart(4, '0')}`;

/** Creates `clusters` managed clusters' objects on the hub, 16 requests in flight; returns how many objects. */
export async function loadSyntheticHub(a: KubeClient, clusters: number): Promise<number> {
  let objects = 0;
  let nextCluster = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const i = nextCluster++;
        if (i >= clusters) return;
        const ns = clusterNamespace(i);
        await a.create(R.ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
        await a.create(R.mc, {
          apiVersion: 'cluster.open-cluster-management.io/v1',
          kind: 'ManagedCluster',
          metadata: { name: ns, labels: { name: ns } },
          spec: { hubAcceptsClient: true },
        });
        objects += 2;
        for (const [r, o] of clusterObjects(i)) {
          await a.create(r, o, { namespace: ns });
          objects += 1;
        }
        if (i % 200 === 0) process.stderr.write(`  … loaded ${i} clusters (${objects} objects)\n`);
      }
    }),
  );
  return objects;
}

// deploy/ installs the operator on a real hub: `kubectl apply -k deploy/` is accepted by an API
// server (the embedded hub, with the real kubectl and its kustomize), the Deployment runs the
// release's images with flags the CLI has, and the operator's roles grant every resource the
// controllers name. The last check reads the controllers' sources for the ResourceRefs they use;
// it cannot see a verb a controller needs on a resource it already names (the roles grant full
// rights there unless listed as read-only below), and no test here runs the operator against a
// real authorizer.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { ResourceRef } from '../../src/api/resource.js';
import { LIFEBOAT_VERSION } from '../../src/util/version.js';
import { REPO, runLifeboat, startHub, type TestHub } from '../support/index.js';

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}
interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: PolicyRule[];
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
  spec?: { template: { spec: { serviceAccountName: string; containers: { image: string; args: string[] }[] } } };
}

const FULL = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const READ = ['get', 'list', 'watch'];
/** Resources the controllers only read (`group/plural`, core group as `core`). */
const READ_ONLY = new Set([
  'apiextensions.k8s.io/customresourcedefinitions',
  'config.openshift.io/clusterversions',
  'multicluster.openshift.io/multiclusterengines',
  'oadp.openshift.io/dataprotectionapplications',
  'operators.coreos.com/subscriptions',
  'addon.open-cluster-management.io/clustermanagementaddons',
  'apps.open-cluster-management.io/channels',
  'core/pods',
  'core/persistentvolumes',
  'core/namespaces',
  'core/nodes',
  'storage.k8s.io/storageclasses',
  'snapshot.storage.k8s.io/volumesnapshotclasses',
  'snapshot.storage.k8s.io/volumesnapshotcontents',
  'kubevirt.io/virtualmachines',
  'cluster.open-cluster-management.io/managedclusters',
  'cluster.open-cluster-management.io/clusterclaims',
  'hive.openshift.io/clusterdeployments',
  'hive.openshift.io/clusterpools',
  'operator.open-cluster-management.io/internalhubcomponents',
  'operator.open-cluster-management.io/multiclusterhubs',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every ResourceRef exported by a module of src/ that defines one, by its exported name. */
async function exportedRefs(): Promise<Map<string, ResourceRef>> {
  const refs = new Map<string, ResourceRef>();
  for (const file of sourceFiles(path.join(REPO, 'src'))) {
    if (!/resourceRef\(|: ResourceRef = /.test(readFileSync(file, 'utf8'))) continue;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (value && typeof value === 'object' && 'plural' in value && 'version' in value && 'group' in value) refs.set(name, value as ResourceRef);
    }
  }
  return refs;
}

function allows(rules: PolicyRule[], group: string, resource: string, verb: string): boolean {
  return rules.some(
    (r) =>
      (r.apiGroups ?? []).some((g) => g === '*' || g === group) &&
      (r.resources ?? []).some((x) => x === '*' || x === resource) &&
      r.resourceNames === undefined &&
      r.verbs.some((v) => v === '*' || v === verb),
  );
}

const rendered = (): Manifest[] => {
  const dir = path.join(REPO, 'deploy', 'operator');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
    .flatMap((f) => parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => d.toJS() as Manifest));
};

describe('deploy/: the operator on a real hub', () => {
  let hub: TestHub;
  const manifests = rendered();
  const deployment = manifests.find((m) => m.kind === 'Deployment');
  const operatorRules = (): PolicyRule[] => {
    const bound = manifests.filter((m) => m.kind === 'ClusterRoleBinding' && m.subjects?.some((s) => s.name === deployment?.spec?.template.spec.serviceAccountName));
    return bound.flatMap((b) => manifests.find((m) => m.kind === 'ClusterRole' && m.metadata.name === b.roleRef?.name)?.rules ?? []);
  };

  before(async () => {
    hub = await startHub();
  });
  after(async () => {
    await hub?.teardown();
  });

  it('is accepted by an API server with kubectl apply -k: CRDs, roles, and the Deployment’s pod template', async () => {
    // The embedded hub serves no apps/v1 (it runs no Deployments): everything else is applied as
    // kustomize renders it, and the Deployment's pod template is validated as a Job's, which the
    // hub checks field by field as kube-apiserver does.
    const render = await hub.kubectl(['kustomize', path.join(REPO, 'deploy')]);
    assert.equal(render.code, 0, render.stderr);
    const docs = parseAllDocuments(render.stdout).map((d) => d.toJS() as Manifest);
    const rest = docs.filter((d) => d.kind !== 'Deployment');
    const applied = await hub.kubectl(['apply', '-f', '-'], { input: rest.map((d) => stringify(d)).join('---\n') });
    assert.equal(applied.code, 0, applied.stderr);
    for (const name of ['backupschedules.cluster.open-cluster-management.io', 'restores.cluster.open-cluster-management.io', 'replicationsources.volsync.backube']) {
      assert.match(applied.stdout, new RegExp(`customresourcedefinition.apiextensions.k8s.io/${name.replaceAll('.', '\\.')} created`));
    }
    assert.match(applied.stdout, /clusterrole.rbac.authorization.k8s.io\/lifeboat-volsync created/);
    const operator = docs.find((d) => d.kind === 'Deployment') as Manifest & { spec: { template: object } };
    const asJob = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'operator-template', namespace: operator.metadata.namespace },
      spec: { template: { ...operator.spec.template, spec: { ...operator.spec.template.spec, restartPolicy: 'Never' } } },
    };
    const checked = await hub.kubectl(['apply', '--dry-run=server', '-f', '-'], { input: stringify(asJob) });
    assert.equal(checked.code, 0, checked.stderr);
    assert.equal(operator.metadata.namespace, 'open-cluster-management-backup');
  });

  it('runs this release’s images with flags `lifeboat operator` has', async () => {
    const container = deployment?.spec?.template.spec.containers[0];
    assert.equal(container?.image, `ghcr.io/lifeboat/operator:${LIFEBOAT_VERSION}`);
    const [command, ...flags] = container?.args ?? [];
    assert.equal(command, 'operator');
    assert.ok(flags.includes(`--mover-image=ghcr.io/lifeboat/mover:${LIFEBOAT_VERSION}`));
    const help = await runLifeboat(['operator', '--help']);
    for (const flag of flags) assert.ok(help.stdout.includes(` ${flag.split('=')[0]}`), `${flag} is not a flag of lifeboat operator`);
  });

  it('binds every role to the operator’s ServiceAccount in its namespace', () => {
    const account = manifests.find((m) => m.kind === 'ServiceAccount')?.metadata.name;
    for (const binding of manifests.filter((m) => m.kind.endsWith('Binding'))) {
      assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: account, namespace: 'open-cluster-management-backup' }], binding.metadata.name);
      assert.ok(manifests.some((m) => m.kind === binding.roleRef?.kind && m.metadata.name === binding.roleRef?.name), `${binding.metadata.name}: no ${binding.roleRef?.name}`);
    }
  });

  it('grants every resource the controllers name, with write verbs unless they only read it', async () => {
    const refs = await exportedRefs();
    const rules = operatorRules();
    const missing: string[] = [];
    for (const dir of ['src/backup', 'src/volsync', 'src/kube/runtime']) {
      const text = sourceFiles(path.join(REPO, dir))
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      for (const [name, ref] of refs) {
        if (!new RegExp(`\\b${name}\\b`).test(text)) continue;
        const key = `${ref.group || 'core'}/${ref.plural}`;
        const verbs = ref.plural === 'leases' ? [] : READ_ONLY.has(key) ? READ : FULL;
        for (const verb of verbs) if (!allows(rules, ref.group, ref.plural, verb)) missing.push(`${dir}: ${verb} ${key} (${name})`);
      }
    }
    assert.deepEqual([...new Set(missing)], []);
    for (const [group, resource, verb] of [
      ['', 'pods/log', 'get'],
      ['events.k8s.io', 'events', 'create'],
      ['volsync.backube', 'replicationsources/status', 'update'],
      ['cluster.open-cluster-management.io', 'restores/status', 'update'],
      ['cluster.open-cluster-management.io', 'backupschedules/status', 'update'],
    ]) {
      assert.ok(allows(rules, group, resource, verb), `${verb} ${group}/${resource}`);
    }
    const lease = manifests.find((m) => m.kind === 'Role')?.rules ?? [];
    for (const verb of ['get', 'create', 'update']) assert.ok(allows(lease, 'coordination.k8s.io', 'leases', verb), `${verb} leases (leader election)`);
  });
});

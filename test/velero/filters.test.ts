// Velero's filters as a user writes them: globs, include/exclude lists, namespace patterns,
// resource names resolved through discovery, and label selectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiResourceCatalog,
  NamespaceFilter,
  OldResourceFilter,
  ScopedResourceFilter,
  discoverApiResources,
  globMatches,
  IncludesExcludes,
  listSelectors,
  namespaceMatches,
  resolveResourceFilters,
  validateIncludesExcludes,
  validateNamespaceIncludesExcludes,
  validateScopedIncludesExcludes,
  type ApiResourceInfo,
} from '../../src/local/velero/filters/index.js';
import { InvalidLabelSelectorError, formatLabelSelector, labelSelectorMatches } from '../../src/kube/index.js';
import { startHub } from '../support/index.js';

function res(group: string, plural: string, kind: string, namespaced: boolean, shortNames: string[] = [], version = 'v1'): ApiResourceInfo {
  return {
    group,
    version,
    plural,
    singular: kind.toLowerCase(),
    kind,
    shortNames,
    namespaced,
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    groupResource: group ? `${plural}.${group}` : plural,
  };
}

const catalog = new ApiResourceCatalog([
  res('', 'pods', 'Pod', true, ['po']),
  res('', 'configmaps', 'ConfigMap', true, ['cm']),
  res('', 'secrets', 'Secret', true),
  res('', 'namespaces', 'Namespace', false, ['ns']),
  res('', 'events', 'Event', true, ['ev']),
  res('', 'persistentvolumes', 'PersistentVolume', false, ['pv']),
  res('', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']),
  res('apps', 'deployments', 'Deployment', true, ['deploy']),
  res('apiextensions.k8s.io', 'customresourcedefinitions', 'CustomResourceDefinition', false, ['crd', 'crds']),
  res('events.k8s.io', 'events', 'Event', true, ['ev']),
  res('extensions', 'deployments', 'Deployment', true, ['deploy'], 'v1beta1'),
  res('cluster.open-cluster-management.io', 'managedclusters', 'ManagedCluster', false, ['mcl'], 'v1'),
  res('cluster.open-cluster-management.io', 'managedclustersets', 'ManagedClusterSet', false, ['mclset'], 'v1beta2'),
  res('rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole', false),
]);

test('globs follow gobwas syntax without separators', () => {
  assert.ok(globMatches('*', 'anything.at.all'));
  assert.ok(globMatches('*.cluster.open-cluster-management.io', 'managedclusters.cluster.open-cluster-management.io'));
  assert.ok(!globMatches('*.cluster.open-cluster-management.io', 'managedclusters.apps'));
  assert.ok(globMatches('app-?', 'app-1'));
  assert.ok(!globMatches('app-?', 'app-10'));
  assert.ok(globMatches('app-[12]', 'app-2'));
  assert.ok(!globMatches('app-[!12]', 'app-2'));
  assert.ok(globMatches('app-[a-c]', 'app-b'));
  assert.ok(globMatches('{secrets,configmaps}', 'configmaps'));
  assert.ok(globMatches('a\\*b', 'a*b'));
  assert.ok(!globMatches('a\\*b', 'axb'));
  assert.ok(globMatches('deployments.apps', 'deployments.apps'));
  assert.ok(!globMatches('deployments.apps', 'deploymentsXapps'), 'a dot is literal');
  assert.ok(!globMatches('app-[', 'app-['), 'an invalid pattern matches nothing');
});

test('includes/excludes: empty or * includes everything, an exclude match wins', () => {
  assert.ok(new IncludesExcludes().shouldInclude('x'));
  assert.ok(new IncludesExcludes(['*']).shouldInclude('x'));
  assert.ok(!new IncludesExcludes(['*'], ['x']).shouldInclude('x'));
  assert.ok(!new IncludesExcludes(['x*'], ['x1']).shouldInclude('x1'));
  assert.ok(new IncludesExcludes(['x*'], ['x1']).shouldInclude('x2'));
  assert.ok(!new IncludesExcludes(['a']).shouldInclude('b'));
  assert.ok(new IncludesExcludes(['*']).includeEverything());
  assert.ok(new IncludesExcludes().includeEverything());
  assert.ok(!new IncludesExcludes(['*'], ['a']).includeEverything());
  assert.ok(!new IncludesExcludes(['a']).includeEverything());
  assert.equal(new IncludesExcludes(['b', 'a']).includesString(), 'a, b');
  assert.equal(new IncludesExcludes().excludesString(), '<none>');
});

test("validation messages are Velero's", () => {
  assert.deepEqual(validateIncludesExcludes(['*', 'a'], ['*', 'b', 'a']), [
    "includes list must either contain '*' only, or a non-empty list of items",
    "excludes list cannot contain '*'",
    'excludes list cannot contain an item in the includes list: *',
    'excludes list cannot contain an item in the includes list: a',
  ]);
  assert.deepEqual(validateIncludesExcludes(['*'], []), []);
  assert.deepEqual(validateScopedIncludesExcludes(['a'], ['*']), ["when exclude is '*', include cannot have value"]);
  assert.deepEqual(validateScopedIncludesExcludes([], ['*', 'x']), ["excludes list must either contain '*' only, or a non-empty list of items"]);
  assert.deepEqual(validateScopedIncludesExcludes([], ['*']), []);
  assert.deepEqual(validateNamespaceIncludesExcludes(['app-*', 'ok'], ['Bad_NS']), [
    `invalid namespace "Bad_NS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
  ]);
  assert.deepEqual(validateNamespaceIncludesExcludes(['a**'], []), ['wildcard pattern contains consecutive asterisks (only single * allowed)']);
  assert.deepEqual(validateNamespaceIncludesExcludes(['{a,b}'], []), ['wildcard pattern contains unsupported characters: |, (, ), !, {, }, ,']);
  assert.deepEqual(validateNamespaceIncludesExcludes(['a[]'], []), ["wildcard pattern contains empty bracket pattern '[]'"]);
  assert.deepEqual(validateNamespaceIncludesExcludes(['a[b'], []), ["wildcard pattern contains unclosed bracket '['"]);
  assert.deepEqual(validateNamespaceIncludesExcludes(['*'], []), []);
  assert.deepEqual(validateNamespaceIncludesExcludes([`${'a'.repeat(64)}`], []), [`invalid namespace "${'a'.repeat(64)}": must be no more than 63 characters`]);
});

test('namespace filter: globs, expansion against existing namespaces, namespaces to list', () => {
  const existing = ['app-1', 'app-2', 'app-10', 'other', 'kube-system'];
  const expanded = NamespaceFilter.forBackup(['app-?'], [], existing);
  assert.ok(expanded.wildcardExpanded);
  assert.deepEqual(expanded.includes, ['app-1', 'app-2']);
  assert.deepEqual(expanded.namespacesToList(), ['app-1', 'app-2']);
  assert.ok(!expanded.shouldInclude('app-10'));

  const nothing = NamespaceFilter.forBackup(['zzz-*'], [], existing);
  assert.ok(nothing.wildcardExpanded);
  assert.deepEqual(nothing.namespacesToList(), []);
  assert.ok(!nothing.shouldInclude('app-1'), 'a pattern that matches nothing includes nothing');

  const all = NamespaceFilter.forBackup(['*'], ['kube-*'], existing);
  assert.ok(!all.wildcardExpanded, '* is never expanded');
  assert.deepEqual(all.namespacesToList(), [''], 'one cluster-wide LIST');
  assert.ok(!all.shouldInclude('kube-system'));
  assert.ok(all.shouldInclude('other'));
  assert.ok(!all.includeEverything());

  const literal = NamespaceFilter.forBackup(['other', 'missing'], ['other'], existing);
  assert.deepEqual(literal.namespacesToList(), ['missing']);
  assert.ok(namespaceMatches('app-1', ['app-*'], ['app-2']));
  assert.ok(!namespaceMatches('app-2', ['app-*'], ['app-2']));
  assert.ok(namespaceMatches('anything'));
});

test('resource names resolve through discovery: plural, singular, short name, Kind, .group; unknown kept verbatim', () => {
  for (const [name, gr] of [
    ['configmaps', 'configmaps'],
    ['configmap', 'configmaps'],
    ['cm', 'configmaps'],
    ['ConfigMap', 'configmaps'],
    ['CONFIGMAPS', 'configmaps'],
    ['deploy', 'deployments.apps'],
    ['Deployment', 'deployments.apps'],
    ['deployments.apps', 'deployments.apps'],
    ['deployments.extensions', 'deployments.extensions'],
    ['crd', 'customresourcedefinitions.apiextensions.k8s.io'],
    ['ManagedCluster', 'managedclusters.cluster.open-cluster-management.io'],
    ['managedclustersets.cluster.open-cluster-management.io', 'managedclustersets.cluster.open-cluster-management.io'],
    ['events', 'events'],
    ['events.events.k8s.io', 'events.events.k8s.io'],
    ['*.cluster.open-cluster-management.io', '*.cluster.open-cluster-management.io'],
    ['nosuchthings', 'nosuchthings'],
  ]) {
    assert.equal(catalog.canonical(name), gr, name);
  }
  const ie = resolveResourceFilters(catalog, ['cm', '*.cluster.open-cluster-management.io'], ['mclset', '*']);
  assert.ok(ie.shouldInclude('configmaps'));
  assert.ok(ie.shouldInclude('managedclusters.cluster.open-cluster-management.io'));
  assert.ok(!ie.shouldInclude('managedclustersets.cluster.open-cluster-management.io'), 'excludes win');
  assert.ok(!ie.shouldInclude('secrets'));
  assert.deepEqual(ie.excludes, ['managedclustersets.cluster.open-cluster-management.io'], '* is dropped from excludes');
});

test('backup order: core pods, PVCs, PVs first; extensions last; only list/create/get/delete resources', () => {
  const withReadOnly = new ApiResourceCatalog([...catalog.resources, { ...res('', 'componentstatuses', 'ComponentStatus', false), verbs: ['get', 'list'] }]);
  const order = withReadOnly.backupResources().map((r) => r.groupResource);
  assert.deepEqual(order.slice(0, 3), ['pods', 'persistentvolumeclaims', 'persistentvolumes']);
  assert.equal(order.at(-1), 'deployments.extensions');
  assert.ok(!order.includes('componentstatuses'));
});

test('old filters: includeClusterResources true / false / nil', () => {
  const everything = new NamespaceFilter(['*']);
  const some = new NamespaceFilter(['app-1']);
  const f = (inc: string[], exc: string[], icr: boolean | undefined, ns: NamespaceFilter): OldResourceFilter =>
    new OldResourceFilter(catalog, inc, exc, icr, ns);

  // nil: cluster-scoped only in a whole-cluster backup; namespaces decided later.
  assert.ok(f([], [], undefined, everything).shouldInclude('persistentvolumes'));
  assert.ok(!f([], [], undefined, some).shouldInclude('persistentvolumes'));
  assert.ok(f([], [], undefined, some).shouldInclude('namespaces'));
  assert.ok(f([], [], undefined, some).shouldInclude('configmaps'));
  // true: cluster-scoped whenever the lists include them.
  assert.ok(f([], [], true, some).shouldInclude('persistentvolumes'));
  assert.ok(!f(['configmaps'], [], true, some).shouldInclude('persistentvolumes'));
  // false: never, namespaces included.
  assert.ok(!f([], [], false, everything).shouldInclude('persistentvolumes'));
  assert.ok(!f([], [], false, everything).shouldInclude('namespaces'));
  assert.ok(f([], [], false, everything).shouldInclude('configmaps'));
  // explicit exclusion (used for CRDs and cluster-scoped items arriving otherwise).
  assert.ok(f([], [], false, everything).shouldExclude('customresourcedefinitions.apiextensions.k8s.io'));
  assert.ok(f(['configmaps'], [], undefined, some).shouldExclude('customresourcedefinitions.apiextensions.k8s.io'));
  assert.ok(!f([], [], undefined, some).shouldExclude('customresourcedefinitions.apiextensions.k8s.io'));
  assert.ok(!f([], [], true, some).shouldExclude('customresourcedefinitions.apiextensions.k8s.io'));
  assert.ok(f([], ['crd'], true, some).shouldExclude('customresourcedefinitions.apiextensions.k8s.io'));
});

test('new scoped filters', () => {
  const everything = new NamespaceFilter(['*']);
  const some = new NamespaceFilter(['app-1']);
  const f = (lists: ConstructorParameters<typeof ScopedResourceFilter>[1], ns: NamespaceFilter, implicit: string[] = []): ScopedResourceFilter =>
    new ScopedResourceFilter(catalog, lists, ns, implicit);

  // No lists, all namespaces: a whole-cluster backup.
  assert.ok(f({}, everything).shouldInclude('persistentvolumes'));
  assert.ok(f({}, everything).shouldInclude('configmaps'));
  // Specific namespaces: cluster-scoped types only when listed; namespaces always.
  assert.ok(!f({}, some).shouldInclude('persistentvolumes'));
  assert.ok(f({}, some).shouldInclude('namespaces'));
  assert.ok(f({ includedClusterScopedResources: ['pv'] }, some).shouldInclude('persistentvolumes'));
  assert.ok(!f({ includedClusterScopedResources: ['pv'] }, everything).shouldInclude('clusterroles.rbac.authorization.k8s.io'));
  assert.ok(f({ includedClusterScopedResources: ['*'] }, some).shouldInclude('clusterroles.rbac.authorization.k8s.io'));
  assert.ok(!f({ excludedClusterScopedResources: ['*'] }, everything).shouldInclude('namespaces'));
  // Any namespace-scoped narrowing makes it not whole-cluster.
  assert.ok(!f({ excludedNamespaceScopedResources: ['secrets'] }, everything).shouldInclude('persistentvolumes'));
  assert.ok(!f({ excludedNamespaceScopedResources: ['secrets'] }, everything).shouldInclude('secrets'));
  assert.ok(!f({ excludedNamespaceScopedResources: ['*'] }, everything).shouldInclude('configmaps'));
  assert.ok(f({ includedNamespaceScopedResources: ['cm'] }, everything).shouldInclude('configmaps'));
  assert.ok(!f({ includedNamespaceScopedResources: ['cm'] }, everything).shouldInclude('secrets'));
  // Scope-contradicting entries are dropped: `pv` in the namespace-scoped list means nothing.
  assert.ok(f({ includedNamespaceScopedResources: ['pv', 'cm'] }, everything).namespaceScoped.includes.every((x) => x === 'configmaps'));
  // Engine-added excludes do not turn a whole-cluster backup into a partial one.
  const auto = ['volumesnapshots.snapshot.storage.k8s.io', 'volumesnapshotcontents.snapshot.storage.k8s.io'];
  const injected = f({ excludedNamespaceScopedResources: [auto[0]], excludedClusterScopedResources: [auto[1]] }, everything, auto);
  assert.ok(injected.shouldInclude('persistentvolumes'));
  assert.ok(injected.shouldInclude('clusterroles.rbac.authorization.k8s.io'));
  assert.ok(injected.shouldExclude('volumesnapshotcontents.snapshot.storage.k8s.io'));
});

test('label selectors: the LIST query string and in-memory matching', () => {
  assert.equal(formatLabelSelector(undefined), '');
  assert.equal(formatLabelSelector({}), '');
  assert.equal(
    formatLabelSelector({
      matchLabels: { z: '1', a: 'x' },
      matchExpressions: [
        { key: 'm', operator: 'In', values: ['b', 'a'] },
        { key: 'n', operator: 'NotIn', values: ['c'] },
        { key: 'e', operator: 'Exists' },
        { key: 'd', operator: 'DoesNotExist' },
      ],
    }),
    'a=x,!d,e,m in (a,b),n notin (c),z=1',
  );
  assert.throws(() => formatLabelSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] }), InvalidLabelSelectorError);
  assert.deepEqual(listSelectors({ matchLabels: { a: 'b' } }, undefined), ['a=b']);
  assert.deepEqual(listSelectors(undefined, [{ matchLabels: { a: 'b' } }, { matchExpressions: [{ key: 'c', operator: 'Exists' }] }]), ['a=b', 'c']);
  assert.deepEqual(listSelectors(undefined, undefined), ['']);

  const labels = { tier: 'front', team: 'a' };
  assert.ok(labelSelectorMatches(undefined, labels));
  assert.ok(labelSelectorMatches({ matchLabels: { tier: 'front' } }, labels));
  assert.ok(!labelSelectorMatches({ matchLabels: { tier: 'back' } }, labels));
  assert.ok(labelSelectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'x'] }] }, labels));
  assert.ok(labelSelectorMatches({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['x'] }] }, labels));
  assert.ok(!labelSelectorMatches({ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, labels));
  assert.ok(labelSelectorMatches({ matchExpressions: [{ key: 'team', operator: 'Exists' }] }, labels));
});

test('discovery of a real hub: every resource with its preferred version, names resolved as kubectl does', async (t) => {
  const env = await startHub();
  t.after(() => env.teardown());
  const client = env.client;
  const found = await discoverApiResources(client);
  assert.deepEqual(found.failures, []);
  const order = found.backupResources().map((r) => r.groupResource);
  assert.deepEqual(order.slice(0, 3), ['pods', 'persistentvolumeclaims', 'persistentvolumes']);
  for (const gr of [
    'configmaps',
    'secrets',
    'namespaces',
    'events',
    'events.events.k8s.io',
    'clusterroles.rbac.authorization.k8s.io',
    'customresourcedefinitions.apiextensions.k8s.io',
  ]) {
    assert.ok(order.includes(gr), gr);
  }
  assert.ok(!order.some((gr) => gr.includes('/')), 'no subresources');
  assert.equal(found.canonical('ev'), 'events', 'the core group wins an ambiguous name');
  assert.equal(found.canonical('crds'), 'customresourcedefinitions.apiextensions.k8s.io');
  assert.equal(found.canonical('ClusterRoleBinding'), 'clusterrolebindings.rbac.authorization.k8s.io');
  assert.equal(found.resolve('sc')?.namespaced, false);
});

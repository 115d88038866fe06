// The ACM VolSync add-on (volsync.md §7) on an embedded hub with the OCM stand-in CRDs, driven with
// the real kubectl: install by label, clusters being deleted left alone, hand-made add-ons
// accepted, look-alike names reported, and the deployment following the add-on's annotations.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MANAGED_CLUSTER_ADDONS, MANAGED_CLUSTERS, MANIFEST_WORKS, type ManagedClusterAddOn, type ManifestWork } from '../../src/api/ocm/index.js';
import { EVENTS_V1, type EventV1 } from '../../src/kube/index.js';
import { waitFor } from '../support/wait.js';
import { startVolSyncEnv, type VolSyncEnv } from './harness.js';

let env: VolSyncEnv;

before(async () => {
  env = await startVolSyncEnv({ crds: ['ocm'] });
});
after(async () => {
  await env?.teardown();
});

const cluster = (name: string, labels: Record<string, string> = {}) => `
apiVersion: cluster.open-cluster-management.io/v1
kind: ManagedCluster
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec: {hubAcceptsClient: true}
`;

const addon = (ns: string, name: string, annotations: Record<string, string> = {}) => `
apiVersion: addon.open-cluster-management.io/v1alpha1
kind: ManagedClusterAddOn
metadata:
  name: ${name}
  namespace: ${ns}
  annotations: ${JSON.stringify(annotations)}
spec: {}
`;

async function eventsOf(namespace: string, name: string): Promise<EventV1[]> {
  const list = await env.client.list<EventV1>(EVENTS_V1, { namespace });
  return list.items.filter((e) => e.regarding.name === name);
}

async function waitForEvent(namespace: string, name: string, reason: string): Promise<EventV1> {
  return waitFor(`event ${reason} on ${namespace}/${name}`, async () => (await eventsOf(namespace, name)).find((e) => e.reason === reason), 20_000);
}

const deployWork = (ns: string, check: (w: ManifestWork) => boolean = () => true) =>
  env.waitForObject<ManifestWork>(MANIFEST_WORKS, ns, 'addon-volsync-deploy-0', `the add-on's ManifestWork in ${ns}`, check);

describe('VolSync add-on', () => {
  it('creates the volsync ManagedClusterAddOn of a labelled cluster, deployed by the Helm chart', async () => {
    await env.namespace('cluster1');
    await env.apply(cluster('cluster1', { 'addons.open-cluster-management.io/volsync': 'true' }));
    const mca = await env.waitForObject<ManagedClusterAddOn>(MANAGED_CLUSTER_ADDONS, 'cluster1', 'volsync', 'the volsync add-on');
    assert.deepEqual(mca.spec, {});
    const get = await env.kubectl(['get', 'managedclusteraddons', '-n', 'cluster1']);
    assert.match(get.stdout, /\nvolsync\s/);
    const work = await deployWork('cluster1');
    assert.equal(work.metadata.ownerReferences?.[0]?.uid, mca.metadata.uid);
    const ns = work.spec?.workload?.manifests?.[0] as { kind: string; metadata: { name: string; labels: Record<string, string> } };
    assert.equal(ns.kind, 'Namespace');
    assert.equal(ns.metadata.name, 'volsync-system');
    assert.equal(ns.metadata.labels['addon.open-cluster-management.io/namespace'], 'true');
    const planned = await waitForEvent('cluster1', 'volsync', 'AddOnDeployPlanned');
    assert.equal(planned.note, 'VolSync is deployed by Helm chart stable-0.16 into namespace volsync-system');
  });

  it('never deletes the add-on when the label goes', async () => {
    await env.kubectl(['label', 'managedcluster', 'cluster1', 'addons.open-cluster-management.io/volsync-']);
    await env.apply(cluster('cluster-other'));
    await env.namespace('cluster-other');
    // A full pass of the controller over a later cluster shows it has seen the label removal.
    await env.apply(cluster('cluster-other', { 'addons.open-cluster-management.io/volsync': 'true' }));
    await env.waitForObject(MANAGED_CLUSTER_ADDONS, 'cluster-other', 'volsync', 'the later cluster’s add-on');
    assert.ok(await env.get(MANAGED_CLUSTER_ADDONS, 'cluster1', 'volsync'));
  });

  it('leaves a cluster that is being deleted alone', async () => {
    await env.namespace('leaving');
    await env.client.create(MANAGED_CLUSTERS, {
      apiVersion: 'cluster.open-cluster-management.io/v1',
      kind: 'ManagedCluster',
      metadata: { name: 'leaving', finalizers: ['test.lifeboat.io/hold'] },
      spec: { hubAcceptsClient: true },
    });
    await env.client.delete(MANAGED_CLUSTERS, 'leaving');
    await env.kubectl(['label', 'managedcluster', 'leaving', 'addons.open-cluster-management.io/volsync=true']);
    // Another labelled cluster gets its add-on: the controller has had its chance with `leaving`.
    await env.namespace('after-leaving');
    await env.apply(cluster('after-leaving', { 'addons.open-cluster-management.io/volsync': 'true' }));
    await env.waitForObject(MANAGED_CLUSTER_ADDONS, 'after-leaving', 'volsync', 'the add-on of the next cluster');
    assert.equal(await env.get(MANAGED_CLUSTER_ADDONS, 'leaving', 'volsync'), undefined);
    await env.client.patch(MANAGED_CLUSTERS, 'leaving', { metadata: { finalizers: null } }, { type: 'merge' });
  });

  it('accepts a hand-made volsync add-on and follows its chart key; the channel annotation has no effect in Helm mode', async () => {
    await env.namespace('cluster2');
    await env.apply(cluster('cluster2'));
    await env.apply(addon('cluster2', 'volsync', { 'helm-chart-key': 'stable-0.15', 'operator-subscription-channel': 'stable-0.14' }));
    const work = await deployWork('cluster2');
    const ns = work.spec?.workload?.manifests?.[0] as { metadata: { annotations: Record<string, string> } };
    assert.equal(ns.metadata.annotations['volsync.backube/helm-chart-key'], 'stable-0.15');
    const planned = await waitForEvent('cluster2', 'volsync', 'AddOnDeployPlanned');
    assert.match(planned.note ?? '', /Helm chart stable-0\.15 .*operator-subscription-channel=stable-0\.14 has no effect in Helm mode/);
  });

  it('honours the Subscription annotations of an OpenShift cluster deployed by OLM', async () => {
    await env.namespace('ocp1');
    await env.apply(cluster('ocp1', { vendor: 'OpenShift', 'addons.open-cluster-management.io/volsync': 'true' }));
    await env.waitForObject(MANAGED_CLUSTER_ADDONS, 'ocp1', 'volsync', 'the add-on of ocp1');
    const annotate = await env.kubectl([
      'annotate',
      'managedclusteraddon',
      '-n',
      'ocp1',
      'volsync',
      'volsync-addon-deploy-type=olm',
      'operator-subscription-channel=stable-0.15',
    ]);
    assert.equal(annotate.code, 0, annotate.stderr);
    const work = await deployWork('ocp1', (w) => (w.spec?.workload?.manifests?.[0] as { kind?: string }).kind === 'Subscription');
    assert.deepEqual(work.spec?.workload?.manifests?.[0], {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'Subscription',
      metadata: { name: 'volsync-product', namespace: 'openshift-operators' },
      spec: {
        channel: 'stable-0.15',
        name: 'volsync-product',
        source: 'redhat-operators',
        sourceNamespace: 'openshift-marketplace',
        installPlanApproval: 'Automatic',
      },
    });
  });

  it('reports an add-on whose name only looks like VolSync', async () => {
    await env.apply(addon('cluster2', 'volsync-addon'));
    const warning = await waitForEvent('cluster2', 'volsync-addon', 'UnknownAddOnName');
    assert.equal(warning.type, 'Warning');
    assert.match(warning.note ?? '', /ManagedClusterAddOn volsync-addon is not deployed: the VolSync add-on must be named "volsync"/);
    const describe = await env.kubectl(['describe', 'managedclusteraddon', '-n', 'cluster2', 'volsync-addon']);
    assert.match(describe.stdout, /Warning\s+UnknownAddOnName/);
    assert.equal(await env.get(MANIFEST_WORKS, 'cluster2', 'addon-volsync-addon-deploy-0'), undefined);
  });

  it('says so when the labelled cluster has no namespace yet', async () => {
    await env.apply(cluster('no-ns', { 'addons.open-cluster-management.io/volsync': 'true' }));
    const warning = await waitForEvent('default', 'no-ns', 'AddOnNotCreated');
    assert.equal(warning.note, 'cannot create ManagedClusterAddOn volsync: namespace no-ns does not exist');
  });
});

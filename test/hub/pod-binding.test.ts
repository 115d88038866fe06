// pods/{name}/binding: how a scheduler (the local Job runner's) assigns a pod to a node, as
// kube-apiserver's BindingREST does it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../src/api/core/index.js';
import { KubeApiError, PODS } from '../../src/kube/index.js';
import { startHub, type TestHub } from '../support/index.js';

const NS = 'binding';
let hub: TestHub;

before(async () => {
  hub = await startHub({ namespaces: [NS] });
});
after(async () => hub?.teardown());

async function newPod(name: string): Promise<Pod> {
  return hub.client.create<Pod>(PODS, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: NS },
    spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command: ['true'] }] },
  });
}

const bind = (pod: string, node: string, name = pod) =>
  hub.client.createSubresource(PODS, pod, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: node } }, { namespace: NS });

async function failure(p: Promise<unknown>): Promise<KubeApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof KubeApiError, `expected an API error, got ${String(err)}`);
  return err;
}

describe('pods/{name}/binding', () => {
  it('assigns the node and marks the pod PodScheduled', async () => {
    await newPod('first');
    const status = await bind('first', 'node-a');
    assert.deepEqual({ ...(status as object) }, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    const pod = await hub.client.get<Pod>(PODS, 'first', { namespace: NS });
    assert.equal(pod.spec?.nodeName, 'node-a');
    assert.equal(pod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status, 'True');
  });

  it('refuses a pod that already has a node, with 409', async () => {
    await newPod('placed');
    await bind('placed', 'node-a');
    const err = await failure(bind('placed', 'node-b'));
    assert.equal(err.code, 409);
    assert.equal(err.message, 'Operation cannot be fulfilled on pods/binding "placed": pod placed is already assigned to node "node-a"');
  });

  it('checks the Binding: its name, and a target node', async () => {
    await newPod('checked');
    const renamed = await failure(bind('checked', 'node-a', 'other'));
    assert.equal(renamed.code, 400);
    assert.equal(renamed.message, 'name in URL does not match name in Binding object');
    const noTarget = await failure(hub.client.createSubresource(PODS, 'checked', 'binding', { apiVersion: 'v1', kind: 'Binding', target: {} }, { namespace: NS }));
    assert.equal(noTarget.code, 422);
    assert.match(noTarget.message, /target\.name: Required value/);
    assert.equal((await failure(bind('missing', 'node-a'))).code, 404);
  });
});

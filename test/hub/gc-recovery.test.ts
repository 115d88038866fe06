// The garbage collector's work survives a restart: a foreground deletion the hub had accepted but
// not finished when it stopped is found in the stored objects at the next start and completed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { rawClient, startHub, tempDir, waitFor } from '../support/index.js';

const CM = '/api/v1/namespaces/default/configmaps';
let dataDir: string | undefined;

after(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('a foreground deletion left unfinished at shutdown is completed after the restart', async () => {
  dataDir = await tempDir('gc-recovery');
  const first = await startHub({ dataDir });
  let api = rawClient(first.kubeconfigPath);
  const owner = await api.request('POST', CM, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } } });
  assert.equal(owner.status, 201, owner.text);
  const uid = owner.json<{ metadata: { uid: string } }>().metadata.uid;
  const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid, controller: true, blockOwnerDeletion: true };
  const dep = await api.request('POST', CM, { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dependent', ownerReferences: [ref] } } });
  assert.equal(dep.status, 201, dep.text);

  // The collector stops before it hears of the deletion, as if the hub went down right after it.
  first.hub.controllers.gc.stop();
  const del = await api.request('DELETE', `${CM}/owner`, { body: { propagationPolicy: 'Foreground' } });
  assert.equal(del.status, 200, del.text);
  assert.deepEqual(del.json<{ metadata: { finalizers?: string[] } }>().metadata.finalizers, ['foregroundDeletion']);
  await first.teardown();

  const second = await startHub({ dataDir });
  try {
    api = rawClient(second.kubeconfigPath);
    const exists = async (name: string): Promise<boolean> => (await api.request('GET', `${CM}/${name}`)).status === 200;
    await waitFor('the dependent, then the owner, deleted', async () => !(await exists('dependent')) && !(await exists('owner')), 20_000);
  } finally {
    await second.teardown();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mountPlan } from './mount-namespace.js';
import type { HostMount } from './pod-volumes.js';

const dataMount: HostMount = { mountPath: '/data', source: '/srv/volumes/pvc-1', readOnly: false, isFile: false };
const tmpMount: HostMount = { mountPath: '/tmp', source: '/srv/pods/p/tmp', readOnly: false, isFile: false };

/** The steps that bind `dir` back over what covers it, or -1. */
function bindBack(steps: string[], dir: string): number {
  return steps.findIndex((s, i) => s === 'bind' && steps[i + 1] === dir && steps[i + 2] === dir);
}

test('a checkout under /tmp is bound back after the private /tmp and after a pod /tmp emptyDir', () => {
  for (const mounts of [[dataMount], [dataMount, tmpMount]]) {
    const { steps } = mountPlan(mounts, '/srv/pods/p/private-tmp', '/srv/pods/p/overlays', '/', ['/tmp/clone']);
    const at = bindBack(steps, '/tmp/clone');
    assert.ok(at > 0, `no bind-back in ${steps.join(' ')}`);
    assert.deepEqual(steps.slice(at + 3, at + 5), ['ro', '/tmp/clone']);
    // After every mount that could cover it.
    assert.ok(at > steps.lastIndexOf('/tmp'));
  }
});

test('a checkout below a pod mount is bound back; one nothing covers is left as the host shows it', () => {
  const covered = mountPlan([dataMount], '/srv/t', '/srv/o', '/', ['/data/lifeboat']).steps;
  assert.ok(bindBack(covered, '/data/lifeboat') > 0);
  const visible = mountPlan([dataMount], '/srv/t', '/srv/o', '/', ['/opt/lifeboat']).steps;
  assert.equal(bindBack(visible, '/opt/lifeboat'), -1);
});

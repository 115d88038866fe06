// RBAC objects named as ACM and Kubernetes name theirs (`system:…`, `open-cluster-management:…`),
// with the real kubectl: apply, get, describe, re-apply and delete, as on a real cluster.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, type TestHub } from '../support/index.js';

const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: system:test:colon
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: open-cluster-management:test-binding
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:test:colon"}
subjects:
- {kind: ServiceAccount, name: default, namespace: default}
- {kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io}
`;

describe('kubectl and RBAC names with colons', () => {
  let env: TestHub;
  const ok = async (args: string[], input?: string): Promise<string> => {
    const r = await env.kubectl(args, { input });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    env = await startHub();
  });
  after(async () => {
    await env?.teardown();
  });

  it('applies, shows, re-applies and deletes a ClusterRole system:test:colon and its binding', async () => {
    const created = await ok(['apply', '-f', '-'], ROLES);
    assert.match(created, /^clusterrole\.rbac\.authorization\.k8s\.io\/system:test:colon created$/m);
    assert.match(created, /^clusterrolebinding\.rbac\.authorization\.k8s\.io\/open-cluster-management:test-binding created$/m);
    assert.equal(await ok(['get', 'clusterrole', 'system:test:colon', '-o', 'jsonpath={.rules[0].verbs}']), '["get","list"]');
    assert.match(await ok(['describe', 'clusterrole', 'system:test:colon']), /^Name:\s+system:test:colon$/m);
    const changed = await ok(['apply', '-f', '-'], ROLES.replace('verbs: [get, list]', 'verbs: [get, list, watch]'));
    assert.match(changed, /clusterrole\.rbac\.authorization\.k8s\.io\/system:test:colon configured/);
    assert.match(changed, /clusterrolebinding\.rbac\.authorization\.k8s\.io\/open-cluster-management:test-binding unchanged/);
    assert.equal(await ok(['get', 'clusterrolebinding', 'open-cluster-management:test-binding', '-o', 'jsonpath={.roleRef.name}']), 'system:test:colon');
    assert.match(await ok(['delete', '-f', '-'], ROLES), /clusterrole\.rbac\.authorization\.k8s\.io "system:test:colon" deleted/);
  });

  it('refuses what no API server accepts as a name, with its message', async () => {
    // kubectl apply refuses such a name itself; create sends it.
    const r = await env.kubectl(['create', '-f', '-'], { input: ROLES.replace('name: system:test:colon', 'name: system/test') });
    assert.notEqual(r.code, 0);
    // kubectl prints a 422 as `The <Kind> "<name>" is invalid: <causes>`.
    assert.match(r.stderr, /The ClusterRole "system\/test" is invalid: metadata\.name: Invalid value: "system\/test": may not contain '\/'/);
  });
});

// The real kubectl (the machine's dispatcher, which picks the 1.32 build from /version) against
// the embedded hub, row by row through kube-api spec §2.20.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startHub, waitFor, type TestHub } from '../support/index.js';

/** A CRD with printer columns, validation, defaults, status subresource and short names. */
const WIDGET_CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    shortNames: [wd]
    categories: [all]
  versions:
    - name: v1
      served: true
      storage: true
      subresources:
        status: {}
      additionalPrinterColumns:
        - name: Size
          type: integer
          jsonPath: .spec.size
        - name: Phase
          type: string
          jsonPath: .status.phase
        - name: Age
          type: date
          jsonPath: .metadata.creationTimestamp
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size:
                  type: integer
                  minimum: 1
                  maximum: 100
                color:
                  type: string
                  enum: [red, green, blue]
                  default: green
            status:
              type: object
              properties:
                phase:
                  type: string
                observedGeneration:
                  type: integer
                conditions:
                  type: array
                  items:
                    type: object
                    required: [type, status]
                    properties:
                      type: { type: string }
                      status: { type: string }
                      reason: { type: string }
                      message: { type: string }
                      lastTransitionTime: { type: string, format: date-time }
                      observedGeneration: { type: integer }
`;

function widget(name: string, size: number, extra = ''): string {
  return `
apiVersion: example.com/v1
kind: Widget
metadata:
  name: ${name}
spec:
  size: ${size}
${extra}`;
}

describe('kubectl against the embedded hub', () => {
  let env: TestHub;
  const k = async (args: string[], input?: string) => {
    const r = await env.kubectl(args, { input });
    return r;
  };
  const ok = async (args: string[], input?: string) => {
    const r = await k(args, input);
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };

  before(async () => {
    env = await startHub();
  });
  after(async () => {
    await env?.teardown();
  });

  it('version reports the server as 1.32', async () => {
    const out = await ok(['version']);
    assert.match(out, /Server Version: v1\.32\.0-lifeboat/);
    assert.match(out, /Client Version: v1\.32/);
  });

  it('applies a CRD, waits for Established and lists it in api-resources', async () => {
    assert.match(await ok(['apply', '-f', '-'], WIDGET_CRD), /customresourcedefinition.apiextensions.k8s.io\/widgets.example.com created/);
    assert.match(await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']), /condition met/);
    const resources = await ok(['api-resources']);
    assert.match(resources, /^widgets\s+wd\s+example.com\/v1\s+true\s+Widget$/m);
    assert.match(resources, /^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
    assert.match(resources, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    assert.match(resources, /^leases\s+coordination.k8s.io\/v1\s+true\s+Lease$/m);
  });

  it('apply creates, then configures, a custom resource; printer columns show', async () => {
    assert.match(await ok(['apply', '-f', '-'], widget('w1', 3)), /widget.example.com\/w1 created/);
    assert.match(await ok(['apply', '-f', '-'], widget('w1', 4)), /widget.example.com\/w1 configured/);
    assert.match(await ok(['apply', '-f', '-'], widget('w1', 4)), /widget.example.com\/w1 unchanged/);
    const table = await ok(['get', 'widgets']);
    assert.match(table, /^NAME\s+SIZE\s+PHASE\s+AGE$/m);
    // A missing printer-column value is an empty cell, as kubectl shows it for real CRDs.
    assert.match(table, /^w1\s+4\s+\d+s$/m);
  });

  it('apply --server-side creates and updates', async () => {
    assert.match(await ok(['apply', '--server-side', '-f', '-'], widget('w-ssa', 5)), /widget.example.com\/w-ssa serverside-applied/);
    await ok(['apply', '--server-side', '-f', '-'], widget('w-ssa', 6));
    assert.equal(await ok(['get', 'wd', 'w-ssa', '-o', 'jsonpath={.spec.size}']), '6');
  });

  it('create -f creates and refuses a duplicate with AlreadyExists', async () => {
    assert.match(await ok(['create', '-f', '-'], widget('w2', 2)), /widget.example.com\/w2 created/);
    const dup = await k(['create', '-f', '-'], widget('w2', 2));
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /Error from server \(AlreadyExists\).*widgets.example.com "w2" already exists/);
  });

  it('get -A shows the namespace column; -o yaml and -o jsonpath print the object', async () => {
    await ok(['create', 'namespace', 'team-a']);
    await ok(['apply', '-n', 'team-a', '-f', '-'], widget('w3', 7));
    const all = await ok(['get', 'widgets', '-A']);
    assert.match(all, /^NAMESPACE\s+NAME\s+SIZE\s+PHASE\s+AGE$/m);
    assert.match(all, /^team-a\s+w3\s+7\s+/m);
    assert.match(all, /^default\s+w1\s+4\s+/m);
    const yaml = await ok(['get', 'widget', 'w3', '-n', 'team-a', '-o', 'yaml']);
    assert.match(yaml, /apiVersion: example.com\/v1/);
    assert.match(yaml, /color: green/, 'schema default applied');
    assert.match(yaml, /uid: [0-9a-f-]{36}/);
    assert.match(yaml, /generation: 1/);
    assert.equal(await ok(['get', 'wd', 'w3', '-n', 'team-a', '-o', 'jsonpath={.metadata.namespace}/{.spec.size}']), 'team-a/7');
    const labels = await ok(['get', 'wd', '--show-labels']);
    assert.match(labels, /LABELS/);
  });

  it('get -w streams changes', async () => {
    const child = spawn('kubectl', ['get', 'widgets', '-w', '--output-watch-events'], {
      env: { ...process.env, KUBECONFIG: env.kubeconfigPath, KUBECACHEDIR: env.dataDir + '/kc-watch' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor('initial rows', () => /w1/.test(out), 30_000);
      await ok(['patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"size":9}}']);
      await waitFor(`MODIFIED row in: ${out}`, () => /MODIFIED\s+w1\s+9/.test(out), 30_000);
      await ok(['apply', '-f', '-'], widget('w-new', 1));
      await waitFor('ADDED row', () => /ADDED\s+w-new\s+1/.test(out), 30_000);
      await ok(['delete', 'widget', 'w-new']);
      await waitFor('DELETED row', () => /DELETED\s+w-new/.test(out), 30_000);
    } finally {
      child.kill();
    }
  });

  it('label, annotate, merge and json patches', async () => {
    assert.match(await ok(['label', 'widget', 'w1', 'tier=gold']), /widget.example.com\/w1 labeled/);
    assert.match(await ok(['annotate', 'widget', 'w1', 'note=hello']), /widget.example.com\/w1 annotated/);
    assert.equal(await ok(['get', 'wd', '-l', 'tier=gold', '-o', 'jsonpath={.items[*].metadata.name}']), 'w1');
    assert.equal(await ok(['get', 'wd', '-l', 'tier!=gold', '-o', 'jsonpath={.items[*].metadata.name}']), 'w-ssa w2');
    await ok(['patch', 'widget', 'w1', '--type=json', '-p', '[{"op":"replace","path":"/spec/size","value":11}]']);
    assert.equal(await ok(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.size}/{.metadata.generation}/{.metadata.annotations.note}']), '11/4/hello');
    const smp = await k(['patch', 'widget', 'w1', '-p', '{"spec":{"size":12}}']);
    assert.notEqual(smp.code, 0, 'strategic merge is refused for custom resources');
    assert.match(smp.stderr, /strategic-merge-patch\+json is not supported/);
  });

  it('patch --subresource=status changes only status and not generation', async () => {
    await ok(['patch', 'widget', 'w1', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Ready"},"spec":{"size":50}}']);
    assert.equal(await ok(['get', 'wd', 'w1', '-o', 'jsonpath={.status.phase}/{.spec.size}/{.metadata.generation}']), 'Ready/11/4');
    assert.match(await ok(['get', 'wd', 'w1']), /^w1\s+11\s+Ready\s+/m);
    await ok(['patch', 'widget', 'w1', '--type=merge', '-p', '{"status":{"phase":"Ignored"}}']);
    assert.equal(await ok(['get', 'wd', 'w1', '-o', 'jsonpath={.status.phase}']), 'Ready', 'main resource ignores status');
  });

  it('replace updates, and a stale resourceVersion gets a 409 Conflict', async () => {
    const current = await ok(['get', 'wd', 'w2', '-o', 'json']);
    const obj = JSON.parse(current) as { spec: { size: number }; metadata: { resourceVersion: string } };
    obj.spec.size = 20;
    assert.match(await ok(['replace', '-f', '-'], JSON.stringify(obj)), /widget.example.com\/w2 replaced/);
    obj.spec.size = 21;
    const stale = await k(['replace', '-f', '-'], JSON.stringify(obj));
    assert.notEqual(stale.code, 0);
    assert.match(stale.stderr, /Error from server \(Conflict\).*Operation cannot be fulfilled on widgets.example.com "w2": the object has been modified/);
  });

  it('describe shows the object and its Events (core and events.k8s.io)', async () => {
    const uid = await ok(['get', 'wd', 'w1', '-o', 'jsonpath={.metadata.uid}']);
    await ok(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'w1.core', namespace: 'default' },
        involvedObject: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w1', namespace: 'default', uid },
        reason: 'Resized',
        message: 'size changed to 11',
        type: 'Normal',
        source: { component: 'widget-controller' },
        firstTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        lastTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        count: 1,
      }),
    );
    await ok(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'w1.v1', namespace: 'default' },
        regarding: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w1', namespace: 'default', uid },
        reason: 'Painted',
        note: 'painted blue',
        type: 'Warning',
        action: 'Paint',
        reportingController: 'lifeboat.io/widgets',
        reportingInstance: 'widgets-1',
        eventTime: new Date().toISOString().replace(/Z$/, '000Z'),
      }),
    );
    const out = await ok(['describe', 'widget', 'w1']);
    assert.match(out, /^Name:\s+w1$/m);
    assert.match(out, /^Kind:\s+Widget$/m);
    assert.match(out, /Events:/);
    assert.match(out, /Normal\s+Resized\s+.*widget-controller\s+size changed to 11/);
    assert.match(out, /Warning\s+Painted\s+.*painted blue/);
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=w1']);
    assert.match(events, /Resized/);
    assert.match(events, /Painted/);
  });

  it('wait --for=condition honours observedGeneration', async () => {
    const gen = Number(await ok(['get', 'wd', 'w1', '-o', 'jsonpath={.metadata.generation}']));
    const waiter = k(['wait', '--for=condition=Ready', 'widget/w1', '--timeout=60s']);
    await ok([
      'patch',
      'widget',
      'w1',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { conditions: [{ type: 'Ready', status: 'True', observedGeneration: gen - 1 }] } }),
    ]);
    await ok([
      'patch',
      'widget',
      'w1',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { conditions: [{ type: 'Ready', status: 'True', observedGeneration: gen }] } }),
    ]);
    const r = await waiter;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /widget.example.com\/w1 condition met/);
  });

  it('rejects a schema violation naming the field', async () => {
    const r = await k(['apply', '-f', '-'], widget('bad', 0));
    assert.notEqual(r.code, 0);
    // kubectl rewrites a 422 as `The <Kind> "<name>" is invalid: <causes>`.
    assert.match(r.stderr, /The Widget "bad" is invalid: spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1/);
    const enumErr = await k(['apply', '-f', '-'], widget('bad', 1, '  color: purple'));
    assert.match(enumErr.stderr, /spec.color: Unsupported value: "purple": supported values: "red", "green", "blue"/);
    const unknown = await k(['apply', '-f', '-'], widget('bad', 1, '  flavour: mint'));
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /unknown field "spec.flavour"/);
    const missing = await k(['get', 'wd', 'bad']);
    assert.match(missing.stderr, /widgets.example.com "bad" not found/);
  });

  it('deletes custom resources and waits for them to go', async () => {
    assert.match(await ok(['delete', 'widget', 'w2']), /widget.example.com "w2" deleted/);
    const r = await k(['get', 'wd', 'w2']);
    assert.match(r.stderr, /NotFound/);
  });

  it('ConfigMaps: create (protobuf), apply, get, patch (strategic), delete', async () => {
    assert.match(await ok(['create', 'configmap', 'cm1', '--from-literal=a=1', '--from-literal=b=2']), /configmap\/cm1 created/);
    assert.match(await ok(['get', 'cm', 'cm1']), /^cm1\s+2\s+\d+s$/m);
    await ok(['patch', 'cm', 'cm1', '-p', '{"data":{"c":"3"}}']);
    assert.equal(await ok(['get', 'cm', 'cm1', '-o', 'jsonpath={.data.a}{.data.c}']), '13');
    const applied = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm2\ndata:\n  x: "1"\n`;
    assert.match(await ok(['apply', '-f', '-'], applied), /configmap\/cm2 created/);
    assert.match(await ok(['apply', '-f', '-'], applied.replace('"1"', '"2"')), /configmap\/cm2 configured/);
    assert.equal(await ok(['get', 'cm', 'cm2', '-o', 'jsonpath={.data.x}']), '2');
    assert.match(await ok(['describe', 'cm', 'cm2']), /Name:\s+cm2/);
    assert.match(await ok(['delete', 'cm', 'cm1', 'cm2']), /configmap "cm1" deleted\s+configmap "cm2" deleted/);
  });

  it('Secrets: create generic (protobuf), values base64, describe hides them', async () => {
    assert.match(await ok(['create', 'secret', 'generic', 's1', '--from-literal=password=hunter2']), /secret\/s1 created/);
    assert.equal(Buffer.from(await ok(['get', 'secret', 's1', '-o', 'jsonpath={.data.password}']), 'base64').toString(), 'hunter2');
    assert.match(await ok(['get', 'secrets']), /^s1\s+Opaque\s+1\s+/m);
    const d = await ok(['describe', 'secret', 's1']);
    assert.match(d, /password:\s+7 bytes/);
    assert.doesNotMatch(d, /hunter2/);
    const withStringData = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s2\nstringData:\n  token: abc\n`;
    await ok(['apply', '-f', '-'], withStringData);
    assert.equal(await ok(['get', 'secret', 's2', '-o', 'jsonpath={.data.token}']), Buffer.from('abc').toString('base64'));
    await ok(['delete', 'secret', 's1', 's2']);
  });

  it('RBAC: create clusterrole, role, clusterrolebinding and rolebinding (protobuf) as an admin grants access', async () => {
    const created = await ok(['create', 'clusterrole', 'backup-viewer', '--verb=get,list,watch', '--resource=configmaps,secrets', '--resource-name=x']);
    assert.match(created, /clusterrole.rbac.authorization.k8s.io\/backup-viewer created/);
    assert.deepEqual(JSON.parse(await ok(['get', 'clusterrole', 'backup-viewer', '-o', 'jsonpath={.rules}'])), [
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['configmaps', 'secrets'], resourceNames: ['x'] },
    ]);
    await ok(['create', 'clusterrole', 'health', '--verb=get', '--non-resource-url=/healthz']);
    assert.equal(await ok(['get', 'clusterrole', 'health', '-o', 'jsonpath={.rules[0].nonResourceURLs}']), '["/healthz"]');
    await ok(['create', 'clusterrole', 'monitoring', '--aggregation-rule=rbac.example.com/aggregate-to-monitoring=true']);
    assert.equal(
      await ok(['get', 'clusterrole', 'monitoring', '-o', 'jsonpath={.aggregationRule.clusterRoleSelectors[0].matchLabels}']),
      '{"rbac.example.com/aggregate-to-monitoring":"true"}',
    );
    await ok([
      'create',
      'clusterrolebinding',
      'backup-viewers',
      '--clusterrole=backup-viewer',
      '--user=bob',
      '--group=admins',
      '--serviceaccount=default:robot',
    ]);
    const binding = JSON.parse(await ok(['get', 'clusterrolebinding', 'backup-viewers', '-o', 'json'])) as Record<string, unknown>;
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'backup-viewer' });
    assert.deepEqual(binding.subjects, [
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' },
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'admins' },
      { kind: 'ServiceAccount', name: 'robot', namespace: 'default' },
    ]);
    await ok(['create', 'role', 'cm-reader', '--verb=get', '--resource=configmaps', '--resource-name=cm1']);
    await ok(['create', 'rolebinding', 'cm-readers', '--role=cm-reader', '--user=bob']);
    assert.equal(await ok(['get', 'rolebinding', 'cm-readers', '-o', 'jsonpath={.roleRef.kind}/{.roleRef.name} {.subjects[0].name}']), 'Role/cm-reader bob');
    assert.match(await ok(['get', 'rolebindings']), /^cm-readers\s+Role\/cm-reader\s+\d+s$/m);
    await ok(['delete', 'clusterrolebinding', 'backup-viewers']);
    await ok(['delete', 'clusterrole', 'backup-viewer', 'health', 'monitoring']);
    await ok(['delete', 'rolebinding', 'cm-readers']);
    await ok(['delete', 'role', 'cm-reader']);
  });

  it('Services: create clusterip, nodeport, externalname and a headless one (protobuf)', async () => {
    await ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080']);
    const web = JSON.parse(await ok(['get', 'service', 'web', '-o', 'jsonpath={.spec}'])) as Record<string, unknown>;
    assert.deepEqual(web.ports, [{ name: '80-8080', protocol: 'TCP', port: 80, targetPort: 8080 }]);
    assert.deepEqual(web.selector, { app: 'web' });
    assert.match(String(web.clusterIP), /^\d+\.\d+\.\d+\.\d+$/);
    await ok(['create', 'service', 'nodeport', 'np', '--tcp=8080:80', '--node-port=30080']);
    assert.match(await ok(['get', 'service', 'np']), /^np\s+NodePort\s+\S+\s+<none>\s+8080:30080\/TCP\s+/m);
    await ok(['create', 'service', 'externalname', 'ext', '--external-name=example.com']);
    assert.equal(await ok(['get', 'service', 'ext', '-o', 'jsonpath={.spec.type} {.spec.externalName}']), 'ExternalName example.com');
    await ok(['create', 'service', 'clusterip', 'headless', '--clusterip=None']);
    assert.equal(await ok(['get', 'service', 'headless', '-o', 'jsonpath={.spec.clusterIP}']), 'None');
    await ok(['delete', 'service', 'web', 'np', 'ext', 'headless']);
  });

  it('Jobs: create job (protobuf) stores the command and gets the Job defaults', async () => {
    assert.match(await ok(['create', 'job', 'hello', '--image=busybox:1.36', '--', 'sh', '-c', 'echo hi']), /job.batch\/hello created/);
    const spec = JSON.parse(await ok(['get', 'job', 'hello', '-o', 'jsonpath={.spec}'])) as {
      backoffLimit: number;
      completions: number;
      template: { spec: { restartPolicy: string; containers: { name: string; image: string; command: string[] }[] } };
    };
    assert.equal(spec.template.spec.restartPolicy, 'Never');
    assert.deepEqual(
      spec.template.spec.containers.map((c) => [c.name, c.image, c.command]),
      [['hello', 'busybox:1.36', ['sh', '-c', 'echo hi']]],
    );
    assert.deepEqual([spec.backoffLimit, spec.completions], [6, 1]);
    await ok(['delete', 'job', 'hello']);
  });

  it('ResourceQuotas: create quota (protobuf)', async () => {
    assert.match(await ok(['create', 'quota', 'team', '--hard=pods=2,cpu=1', '--scopes=NotTerminating']), /resourcequota\/team created/);
    assert.deepEqual(JSON.parse(await ok(['get', 'quota', 'team', '-o', 'jsonpath={.spec}'])), {
      hard: { pods: '2', cpu: '1' },
      scopes: ['NotTerminating'],
    });
    await ok(['delete', 'quota', 'team']);
  });

  it('Namespaces: create, list with STATUS, describe, delete with contents', async () => {
    await ok(['create', 'namespace', 'doomed']);
    assert.match(await ok(['get', 'ns', 'doomed']), /^doomed\s+Active\s+/m);
    await ok(['create', 'configmap', 'inside', '-n', 'doomed', '--from-literal=k=v']);
    await ok(['apply', '-n', 'doomed', '-f', '-'], widget('inner', 1));
    assert.match(await ok(['describe', 'ns', 'doomed']), /Status:\s+Active/);
    const del = await ok(['delete', 'namespace', 'doomed', '--timeout=60s']);
    assert.match(del, /namespace "doomed" deleted/);
    const gone = await k(['get', 'ns', 'doomed']);
    assert.match(gone.stderr, /namespaces "doomed" not found/);
    assert.equal(await ok(['get', 'cm', '-n', 'doomed', '-o', 'name']), '');
    assert.equal(await ok(['get', 'wd', '-n', 'doomed', '-o', 'name']), '');
    const protectedNs = await k(['delete', 'namespace', 'default']);
    assert.match(protectedNs.stderr, /Forbidden.*this namespace may not be deleted/);
  });

  it('explain works for custom resources', async () => {
    const out = await ok(['explain', 'widget.spec']);
    assert.match(out, /size/);
    assert.match(out, /color/);
  });

  it('deleting a CRD removes its objects and its endpoints', async () => {
    await ok(['delete', 'crd', 'widgets.example.com', '--timeout=60s']);
    const r = await k(['get', 'widgets', '-A']);
    assert.notEqual(r.code, 0);
    // With kubectl's discovery cache still naming widgets, the list itself gets the 404.
    assert.match(
      r.stderr,
      /the server doesn't have a resource type "widgets"|Unable to list "example.com\/v1, Resource=widgets": the server could not find the requested resource/,
    );
    const fresh = await env.kubectl(['api-resources', '--api-group=example.com'], { freshCache: true });
    assert.doesNotMatch(fresh.stdout, /widgets/);
    const count = env.hub.ctx.store.count('example.com/widgets', undefined);
    assert.equal(count, 0);
  });
});

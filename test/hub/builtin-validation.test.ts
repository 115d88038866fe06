// Validation of the built-in kinds over raw HTTP: each rule answers 422 Invalid with the message
// kube-apiserver gives (k8s.io/kubernetes core, batch, coordination, rbac and storage validation,
// apimachinery's ObjectMeta rules), and what a real cluster accepts is accepted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startHub, rawClient, type TestHub, type RawClient } from '../support/index.js';

interface Status {
  code: number;
  reason: string;
  message: string;
  details?: { name?: string; kind?: string; causes?: { field: string; reason: string; message: string }[] };
}

const NS = 'checks';
const core = (plural: string): string => `/api/v1/namespaces/${NS}/${plural}`;
const JOBS = `/apis/batch/v1/namespaces/${NS}/jobs`;
const LEASES = `/apis/coordination.k8s.io/v1/namespaces/${NS}/leases`;
const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const STORAGE_CLASSES = '/apis/storage.k8s.io/v1/storageclasses';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const QUALIFIED_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function container(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'main', image: 'busybox:1.36', ...extra };
}

function pod(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [container()], ...spec } };
}

function job(name: string, podSpec: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [container()], ...podSpec } }, ...extra },
  };
}

function service(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec };
}

function pvc(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec };
}

function pv(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name }, spec };
}

describe('built-in kinds are validated as kube-apiserver validates them', () => {
  let env: TestHub;
  let api: RawClient;

  before(async () => {
    env = await startHub({ namespaces: [NS] });
    api = rawClient(env.kubeconfigPath);
  });
  after(async () => {
    await env?.teardown();
  });

  async function invalid(method: string, path: string, body: unknown, message: string): Promise<Status> {
    const r = await api.request(method, path, { body: body as object });
    assert.equal(r.status, 422, r.text);
    const status = r.json<Status>();
    assert.equal(status.reason, 'Invalid');
    assert.equal(status.message, message);
    return status;
  }

  async function accepted(method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
    const r = await api.request(method, path, { body: body as object });
    assert.ok(r.status === 200 || r.status === 201, `${method} ${path}: ${r.status} ${r.text}`);
    return r.json<Record<string, unknown>>();
  }

  describe('names, labels and annotations', () => {
    it('RBAC kinds take any path segment as a name: system:test:colon and open-cluster-management:cluster-manager-admin', async () => {
      for (const name of ['system:test:colon', 'open-cluster-management:cluster-manager-admin', 'Mixed_Case']) {
        await accepted('POST', `${RBAC}/clusterroles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [] });
      }
      await accepted('POST', `${RBAC}/namespaces/${NS}/roles`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'system:role' },
        rules: [],
      });
      await invalid(
        'POST',
        `${RBAC}/clusterroles`,
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: '..' } },
        `ClusterRole.rbac.authorization.k8s.io ".." is invalid: metadata.name: Invalid value: "..": may not be '..'`,
      );
      await invalid(
        'POST',
        `${RBAC}/clusterroles`,
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: '50%' } },
        `ClusterRole.rbac.authorization.k8s.io "50%" is invalid: metadata.name: Invalid value: "50%": may not contain '%'`,
      );
    });

    it('most kinds need a DNS subdomain, namespaces a DNS label, Services a DNS-1035 label', async () => {
      await invalid(
        'POST',
        core('configmaps'),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'system:cm' } },
        `ConfigMap "system:cm" is invalid: metadata.name: Invalid value: "system:cm": ${SUBDOMAIN_MSG}`,
      );
      await invalid(
        'POST',
        '/api/v1/namespaces',
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } },
        'Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": must not contain dots',
      );
      await invalid(
        'POST',
        core('services'),
        service('1st', { ports: [{ port: 80 }] }),
        `Service "1st" is invalid: metadata.name: Invalid value: "1st": ${DNS1035_MSG}`,
      );
      await accepted('POST', core('services'), service('first', { ports: [{ port: 80 }] }));
      await invalid(
        'POST',
        core('serviceaccounts'),
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'Big' } },
        `ServiceAccount "Big" is invalid: metadata.name: Invalid value: "Big": ${SUBDOMAIN_MSG}`,
      );
    });

    it('generateName is checked as a prefix, then generated', async () => {
      const made = await accepted('POST', core('configmaps'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
      assert.match((made.metadata as { name: string }).name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      const r = await api.request('POST', core('configmaps'), { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'Gen-' } } });
      assert.equal(r.status, 422, r.text);
      assert.match(r.json<Status>().message, /metadata\.generateName: Invalid value: "Gen-": a lowercase RFC 1123 subdomain/);
    });

    it('label keys and values, annotation keys and their total size', async () => {
      await invalid(
        'POST',
        core('configmaps'),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'labels', labels: { 'bad key': 'v' } } },
        `ConfigMap "labels" is invalid: metadata.labels: Invalid value: "bad key": ${QUALIFIED_MSG}`,
      );
      await invalid(
        'POST',
        core('configmaps'),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'labels', labels: { k: 'x'.repeat(64) } } },
        `ConfigMap "labels" is invalid: metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
      );
      await invalid(
        'POST',
        core('configmaps'),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes', annotations: { big: 'x'.repeat(256 * 1024) } } },
        'ConfigMap "notes" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes',
      );
      await invalid(
        'POST',
        core('configmaps'),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fin', finalizers: ['hold'] } },
        'ConfigMap "fin" is invalid: metadata.finalizers: Invalid value: "hold": name is neither a standard finalizer name nor is it fully qualified',
      );
    });
  });

  describe('ConfigMaps and Secrets', () => {
    it('keys must be config keys; the data must fit in 1 MiB', async () => {
      await invalid(
        'POST',
        core('configmaps'),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keys' }, data: { 'a/b': 'x' } },
        `ConfigMap "keys" is invalid: data[a/b]: Invalid value: "a/b": ${CONFIG_KEY_MSG}`,
      );
      await invalid(
        'POST',
        core('configmaps'),
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { a: 'x'.repeat(1024 * 1024), b: 'y' } },
        'ConfigMap "big" is invalid: : Too long: may not be more than 1048576 bytes',
      );
      await invalid(
        'POST',
        core('secrets'),
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'big' }, data: { a: Buffer.alloc(1024 * 1024 + 1).toString('base64') } },
        'Secret "big" is invalid: data: Too long: may not be more than 1048576 bytes',
      );
      await accepted('POST', core('configmaps'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fits' }, data: { a: 'x'.repeat(1024 * 1024) } });
    });

    it('each well-known Secret type needs its keys', async () => {
      await invalid(
        'POST',
        core('secrets'),
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x' } },
        'Secret "tls" is invalid: data[tls.key]: Required value',
      );
      await invalid(
        'POST',
        core('secrets'),
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 'nope' } },
        `Secret "pull" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character 'o' in literal null (expecting 'u')`,
      );
      await invalid(
        'POST',
        core('secrets'),
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' }, type: 'kubernetes.io/service-account-token' },
        'Secret "token" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value',
      );
      const made = await accepted('POST', core('secrets'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain' }, stringData: { a: 'b' } });
      assert.equal(made.type, 'Opaque');
    });

    it('immutable data stays as it is; the type of a Secret never changes', async () => {
      const cm = await accepted('POST', core('configmaps'), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'frozen' },
        data: { a: 'b' },
        immutable: true,
      });
      await invalid(
        'PUT',
        `${core('configmaps')}/frozen`,
        { ...cm, data: { a: 'c' } },
        'ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
      );
      const s = await accepted('POST', core('secrets'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'typed' }, stringData: { a: 'b' } });
      // Like upstream, the update rules come first, then the new object's own.
      await invalid(
        'PUT',
        `${core('secrets')}/typed`,
        { ...s, type: 'kubernetes.io/tls' },
        'Secret "typed" is invalid: [type: Invalid value: "kubernetes.io/tls": field is immutable, data[tls.crt]: Required value, data[tls.key]: Required value]',
      );
    });
  });

  describe('Jobs and Pods', () => {
    it('a Job needs containers, each with a DNS-label name, unique, and an image', async () => {
      await invalid('POST', JOBS, job('none', { containers: [] }), 'Job.batch "none" is invalid: spec.template.spec.containers: Required value');
      await invalid(
        'POST',
        JOBS,
        job('names', { containers: [container({ name: 'Main' }), container({ name: 'side' }), container({ name: 'side' })] }),
        `Job.batch "names" is invalid: [spec.template.spec.containers[0].name: Invalid value: "Main": ${LABEL_MSG}, spec.template.spec.containers[2].name: Duplicate value: "side"]`,
      );
      await invalid(
        'POST',
        JOBS,
        job('image', { containers: [{ name: 'main' }] }),
        'Job.batch "image" is invalid: spec.template.spec.containers[0].image: Required value',
      );
    });

    it('a Job restarts its pods OnFailure or Never', async () => {
      await invalid(
        'POST',
        JOBS,
        job('always', { restartPolicy: 'Always' }),
        'Job.batch "always" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      );
      await invalid(
        'POST',
        JOBS,
        job('unset', { restartPolicy: undefined }),
        'Job.batch "unset" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
      );
      const made = await accepted('POST', JOBS, job('fine', { restartPolicy: 'OnFailure' }));
      const spec = made.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
      const uid = (made.metadata as { uid: string }).uid;
      assert.deepEqual(spec.selector.matchLabels, { 'batch.kubernetes.io/controller-uid': uid }, 'the selector is generated from the uid');
      assert.equal(spec.template.metadata.labels['batch.kubernetes.io/job-name'], 'fine');
      assert.equal(spec.template.metadata.labels['controller-uid'], uid);
    });

    it("a Job's pod template never changes", async () => {
      const made = await accepted('GET', `${JOBS}/fine`, undefined);
      const spec = made.spec as { template: { spec: { containers: Record<string, unknown>[] } } };
      spec.template.spec.containers[0].image = 'busybox:1.37';
      const r = await api.request('PUT', `${JOBS}/fine`, { body: made });
      assert.equal(r.status, 422, r.text);
      assert.match(r.json<Status>().message, /^Job\.batch "fine" is invalid: spec\.template: Invalid value: .*: field is immutable$/);
    });

    it('ports, environment, volumes and mounts', async () => {
      await invalid(
        'POST',
        JOBS,
        job('ports', { containers: [container({ ports: [{ containerPort: 70000 }, { containerPort: 80, protocol: 'HTTP' }] })] }),
        'Job.batch "ports" is invalid: [spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.template.spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"]',
      );
      await invalid(
        'POST',
        JOBS,
        job('env', { containers: [container({ env: [{ name: 'A=B', value: 'x' }] })] }),
        `Job.batch "env" is invalid: spec.template.spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      );
      await invalid(
        'POST',
        JOBS,
        job('volumes', {
          volumes: [{ name: 'data', emptyDir: {}, secret: { secretName: 's' } }, { name: 'none' }],
          containers: [container({ volumeMounts: [{ name: 'missing', mountPath: '/m' }] })],
        }),
        'Job.batch "volumes" is invalid: [spec.template.spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type, spec.template.spec.volumes[1]: Required value: must specify a volume type, spec.template.spec.containers[0].volumeMounts[0].name: Not found: "missing"]',
      );
      await invalid(
        'POST',
        JOBS,
        job('dup-volumes', {
          volumes: [
            { name: 'data', emptyDir: {} },
            { name: 'data', emptyDir: {} },
          ],
        }),
        'Job.batch "dup-volumes" is invalid: spec.template.spec.volumes[1].name: Duplicate value: "data"',
      );
      await invalid(
        'POST',
        JOBS,
        job('resources', { containers: [container({ resources: { limits: { cpu: '-1' }, requests: { memory: '2Gi' }, claims: undefined } })] }),
        'Job.batch "resources" is invalid: spec.template.spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      );
    });

    it('a Pod is checked the same way, and an update may change only its images', async () => {
      await invalid(
        'POST',
        core('pods'),
        pod('restart', { restartPolicy: 'Sometimes' }),
        'Pod "restart" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      );
      const made = await accepted('POST', core('pods'), pod('p1', {}));
      const spec = made.spec as Record<string, unknown> & { containers: Record<string, unknown>[] };
      assert.equal(spec.restartPolicy, 'Always');
      assert.equal(spec.containers[0].imagePullPolicy, 'IfNotPresent');
      spec.containers[0].image = 'busybox:1.37';
      const updated = await accepted('PUT', `${core('pods')}/p1`, made);
      (updated.spec as { containers: Record<string, unknown>[] }).containers[0].env = [{ name: 'A', value: 'b' }];
      const r = await api.request('PUT', `${core('pods')}/p1`, { body: updated });
      assert.equal(r.status, 422, r.text);
      assert.match(
        r.json<Status>().message,
        /^Pod "p1" is invalid: spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`/,
      );
    });
  });

  describe('Leases', () => {
    it('durations and transitions', async () => {
      const lease = (spec: Record<string, unknown>) => ({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'leader' }, spec });
      await invalid(
        'POST',
        LEASES,
        lease({ leaseDurationSeconds: 0 }),
        'Lease.coordination.k8s.io "leader" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      );
      await invalid(
        'POST',
        LEASES,
        lease({ leaseDurationSeconds: 15, leaseTransitions: -1 }),
        'Lease.coordination.k8s.io "leader" is invalid: spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
      );
      await accepted('POST', LEASES, lease({ holderIdentity: 'a', leaseDurationSeconds: 15, renewTime: '2026-01-01T00:00:00.000000Z' }));
    });
  });

  describe('Services', () => {
    it('ports: range, protocol, names when there are several, target ports (defaulted to the port)', async () => {
      await invalid(
        'POST',
        core('services'),
        service('ports', {
          ports: [
            { name: 'web', port: 0 },
            { port: 81, protocol: 'ICMP', targetPort: 'Not_A_Name' },
          ],
        }),
        'Service "ports" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive, spec.ports[1].name: Required value, spec.ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP", spec.ports[1].targetPort: Invalid value: "Not_A_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)]',
      );
      await invalid('POST', core('services'), service('noports', {}), 'Service "noports" is invalid: spec.ports: Required value');
      await invalid(
        'POST',
        core('services'),
        service('ext', { type: 'ExternalName', ports: [{ port: 80 }] }),
        'Service "ext" is invalid: spec.externalName: Required value',
      );
      await invalid(
        'POST',
        core('services'),
        service('kind', { type: 'Internal', ports: [{ port: 80 }] }),
        'Service "kind" is invalid: spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      );
      const made = await accepted('POST', core('services'), service('web', { ports: [{ port: 80 }] }));
      const spec = made.spec as { ports: Record<string, unknown>[]; clusterIP: string };
      assert.deepEqual(spec.ports[0], { port: 80, protocol: 'TCP', targetPort: 80 });
      (made.spec as Record<string, unknown>).clusterIP = '10.96.99.99';
      delete (made.spec as Record<string, unknown>).clusterIPs;
      await invalid(
        'PUT',
        `${core('services')}/web`,
        made,
        `Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.99.99"}: may not change once set`,
      );
    });
  });

  describe("Service IP families (single-stack IPv4, as the hub's service network is)", () => {
    const spec = (o: Record<string, unknown>): Record<string, unknown> => o.spec as Record<string, unknown>;
    const families = (o: Record<string, unknown>): unknown[] => [spec(o).ipFamilyPolicy, spec(o).ipFamilies];

    it('defaults ipFamilyPolicy and ipFamilies as kube-apiserver does', async () => {
      const plain = await accepted('POST', core('services'), service('fam-plain', { selector: { app: 'a' }, ports: [{ port: 80 }] }));
      assert.deepEqual(families(plain), ['SingleStack', ['IPv4']]);
      const prefer = await accepted('POST', core('services'), service('fam-prefer', { ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] }));
      assert.deepEqual(families(prefer), ['PreferDualStack', ['IPv4']]);
      const headless = await accepted('POST', core('services'), service('fam-headless', { clusterIP: 'None', selector: { app: 'a' } }));
      assert.deepEqual(families(headless), ['SingleStack', ['IPv4']]);
      // Headless without a selector defaults to both families, even on a single-stack cluster.
      const bare = await accepted('POST', core('services'), service('fam-bare', { clusterIP: 'None' }));
      assert.deepEqual(families(bare), ['RequireDualStack', ['IPv4', 'IPv6']]);
      const ext = await accepted('POST', core('services'), service('fam-ext', { type: 'ExternalName', externalName: 'example.com' }));
      assert.deepEqual(families(ext), [undefined, undefined]);
      // A PUT without the fields keeps what the Service has.
      const put = { ...plain, spec: { ...spec(plain), ipFamilies: undefined, ipFamilyPolicy: undefined } };
      assert.deepEqual(families(await accepted('PUT', `${core('services')}/fam-plain`, put)), ['SingleStack', ['IPv4']]);
      // Changing the type to ExternalName drops the cluster IPs and the families, as upstream does.
      const toExt = { ...plain, spec: { ...spec(plain), type: 'ExternalName', externalName: 'example.org', ports: [] } };
      const changed = spec(await accepted('PUT', `${core('services')}/fam-plain`, toExt));
      assert.deepEqual([changed.clusterIP, changed.clusterIPs, changed.ipFamilies, changed.ipFamilyPolicy], [undefined, undefined, undefined, undefined]);
    });

    it("refuses dual-stack and IPv6, and unknown values, with the API server's messages", async () => {
      const svc = (name: string, extra: Record<string, unknown>): Record<string, unknown> => service(name, { ports: [{ port: 80 }], ...extra });
      await invalid(
        'POST',
        core('services'),
        svc('dual', { ipFamilyPolicy: 'RequireDualStack' }),
        'Service "dual" is invalid: spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
      );
      await invalid(
        'POST',
        core('services'),
        svc('v6', { ipFamilies: ['IPv6'] }),
        'Service "v6" is invalid: spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster',
      );
      await invalid(
        'POST',
        core('services'),
        svc('v6ip', { clusterIP: 'fd00::10' }),
        'Service "v6ip" is invalid: spec.clusterIPs[0]: Invalid value: []string{"fd00::10"}: IPv6 is not configured on this cluster',
      );
      await invalid(
        'POST',
        core('services'),
        svc('two', { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'] }),
        `Service "two" is invalid: spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified`,
      );
      await invalid(
        'POST',
        core('services'),
        svc('odd', { ipFamilies: ['IPv5', 'IPv5'], ipFamilyPolicy: 'Single' }),
        'Service "odd" is invalid: [spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", spec.ipFamilies[1]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6", spec.ipFamilies[1]: Duplicate value: "IPv5", spec.ipFamilyPolicy: Unsupported value: "Single": supported values: "PreferDualStack", "RequireDualStack", "SingleStack"]',
      );
      await invalid(
        'POST',
        core('services'),
        service('extfam', { type: 'ExternalName', externalName: 'example.com', ipFamilyPolicy: 'SingleStack' }),
        'Service "extfam" is invalid: spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
      );
    });
  });

  describe('Service node ports', () => {
    const ports = (o: Record<string, unknown>): Record<string, unknown>[] => (o.spec as { ports: Record<string, unknown>[] }).ports;
    const inRange = (n: unknown): boolean => typeof n === 'number' && n >= 30000 && n <= 32767;

    it('are allocated from 30000-32767, one per service port number, never twice', async () => {
      const dns = await accepted(
        'POST',
        core('services'),
        service('np-dns', {
          type: 'NodePort',
          ports: [
            { name: 'dns-udp', port: 53, protocol: 'UDP' },
            { name: 'dns-tcp', port: 53, protocol: 'TCP' },
            { name: 'web', port: 80 },
          ],
        }),
      );
      const [udp, tcp, web] = ports(dns).map((p) => p.nodePort);
      assert.ok(inRange(udp) && inRange(web), JSON.stringify(ports(dns)));
      assert.equal(tcp, udp, 'TCP and UDP on one port share a node port');
      assert.notEqual(web, udp);
      const fixed = await accepted('POST', core('services'), service('np-fixed', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
      assert.equal(ports(fixed)[0].nodePort, 30080);
      await invalid(
        'POST',
        core('services'),
        service('np-taken', { type: 'NodePort', ports: [{ port: 81, nodePort: 30080 }] }),
        'Service "np-taken" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
      );
      await invalid(
        'POST',
        core('services'),
        service('np-low', { type: 'NodePort', ports: [{ port: 81, nodePort: 8080 }] }),
        'Service "np-low" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
      );
      const lb = await accepted(
        'POST',
        core('services'),
        service('lb-none', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 443 }] }),
      );
      assert.equal(ports(lb)[0].nodePort, undefined);
      const plain = await accepted('POST', core('services'), service('cip', { ports: [{ port: 80 }] }));
      assert.equal(ports(plain)[0].nodePort, undefined);
    });

    it('a LoadBalancer with externalTrafficPolicy Local gets a health-check node port; a taken one is a 500 as upstream', async () => {
      const local = await accepted(
        'POST',
        core('services'),
        service('lb-local', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 8443 }] }),
      );
      const hc = (local.spec as { healthCheckNodePort?: number }).healthCheckNodePort;
      assert.ok(inRange(hc) && hc !== ports(local)[0].nodePort, JSON.stringify(local.spec));
      const put = { ...local, spec: { ...(local.spec as object), healthCheckNodePort: undefined } };
      assert.equal(((await accepted('PUT', `${core('services')}/lb-local`, put)).spec as { healthCheckNodePort?: number }).healthCheckNodePort, hc);
      const r = await api.request('POST', core('services'), {
        body: service('lb-clash', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: hc, ports: [{ port: 8444 }] }),
      });
      assert.equal(r.status, 500, r.text);
      assert.equal(
        r.json<Status>().message,
        `Internal error occurred: failed to allocate requested HealthCheck NodePort ${hc}: provided port is already allocated`,
      );
    });

    it('an update keeps them when the client leaves them out; a change to ClusterIP releases them', async () => {
      const made = await accepted('POST', core('services'), service('np-keep', { type: 'NodePort', ports: [{ name: 'web', port: 80 }] }));
      const allocated = ports(made)[0].nodePort;
      const put = { ...made, spec: { ...(made.spec as object), ports: [{ name: 'web', port: 80 }] } };
      const kept = await accepted('PUT', `${core('services')}/np-keep`, put);
      assert.equal(ports(kept)[0].nodePort, allocated);
      const toClusterIP = { ...kept, spec: { ...(kept.spec as object), type: 'ClusterIP', externalTrafficPolicy: undefined } };
      const released = await accepted('PUT', `${core('services')}/np-keep`, toClusterIP);
      assert.equal(ports(released)[0].nodePort, undefined);
      // The released port is free for another Service.
      const again = await accepted('POST', core('services'), service('np-reuse', { type: 'NodePort', ports: [{ port: 80, nodePort: allocated }] }));
      assert.equal(ports(again)[0].nodePort, allocated);
    });
  });

  describe('ResourceQuota scopes', () => {
    const quota = (name: string, spec: Record<string, unknown>): Record<string, unknown> => ({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name },
      spec,
    });
    const QUOTAS = core('resourcequotas');

    it('a scope counts only what it can; scopes do not conflict and never change', async () => {
      await accepted('POST', QUOTAS, quota('pods-only', { hard: { pods: '5', 'requests.cpu': '2' }, scopes: ['NotTerminating'] }));
      await accepted(
        'POST',
        QUOTAS,
        quota('by-class', { hard: { cpu: '4' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } }),
      );
      await invalid(
        'POST',
        QUOTAS,
        quota('storage', { hard: { 'requests.storage': '10Gi' }, scopes: ['NotTerminating'] }),
        'ResourceQuota "storage" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{"NotTerminating"}: unsupported scope applied to resource',
      );
      await invalid(
        'POST',
        QUOTAS,
        quota('both', { hard: { pods: '1' }, scopes: ['Terminating', 'NotTerminating'] }),
        'ResourceQuota "both" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{"Terminating", "NotTerminating"}: conflicting scopes',
      );
      await invalid(
        'POST',
        QUOTAS,
        quota('odd', { hard: { secrets: '1' }, scopes: ['Sometimes'] }),
        'ResourceQuota "odd" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{"Sometimes"}: unsupported scope',
      );
      const made = await accepted('GET', `${QUOTAS}/pods-only`, undefined);
      (made.spec as Record<string, unknown>).scopes = ['NotBestEffort'];
      await invalid(
        'PUT',
        `${QUOTAS}/pods-only`,
        made,
        'ResourceQuota "pods-only" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{"NotBestEffort"}: field is immutable',
      );
    });

    it('a scope selector: operators per scope, values per operator', async () => {
      const selector = (name: string, req: Record<string, unknown>): Record<string, unknown> =>
        quota(name, { hard: { pods: '1' }, scopeSelector: { matchExpressions: [req] } });
      await invalid(
        'POST',
        QUOTAS,
        selector('novalues', { scopeName: 'PriorityClass', operator: 'In' }),
        "ResourceQuota \"novalues\" is invalid: spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
      );
      await invalid(
        'POST',
        QUOTAS,
        selector('besteffort', { scopeName: 'BestEffort', operator: 'DoesNotExist' }),
        'ResourceQuota "besteffort" is invalid: spec.scopeSelector.matchExpressions.operator: Invalid value: "DoesNotExist": must be \'Exist\' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity',
      );
      await invalid(
        'POST',
        QUOTAS,
        quota('selstorage', { hard: { 'requests.storage': '1Gi' }, scopeSelector: { matchExpressions: [{ scopeName: 'Terminating', operator: 'Exists' }] } }),
        'ResourceQuota "selstorage" is invalid: spec.scopeSelector.matchExpressions: Invalid value: core.ScopeSelector{MatchExpressions:[]core.ScopedResourceSelectorRequirement{core.ScopedResourceSelectorRequirement{ScopeName:"Terminating", Operator:"Exists", Values:[]string(nil)}}}: unsupported scope applied to resource',
      );
      await invalid(
        'POST',
        QUOTAS,
        selector('maybe', { scopeName: 'PriorityClass', operator: 'Maybe', values: ['x'] }),
        'ResourceQuota "maybe" is invalid: spec.scopeSelector.matchExpressions.operator: Invalid value: "Maybe": not a valid selector operator',
      );
    });
  });

  describe('volumes and storage classes', () => {
    it('a claim needs access modes and a storage request; it may only grow, and only once bound', async () => {
      await invalid(
        'POST',
        core('persistentvolumeclaims'),
        pvc('modes', { accessModes: [], resources: { requests: { storage: '1Gi' } } }),
        'PersistentVolumeClaim "modes" is invalid: spec.accessModes: Required value: at least 1 access mode is required',
      );
      await invalid(
        'POST',
        core('persistentvolumeclaims'),
        pvc('modes', { accessModes: ['ReadWriteSometimes'], resources: { requests: { storage: '1Gi' } } }),
        'PersistentVolumeClaim "modes" is invalid: spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      );
      await invalid(
        'POST',
        core('persistentvolumeclaims'),
        pvc('size', { accessModes: ['ReadWriteOnce'], resources: {} }),
        'PersistentVolumeClaim "size" is invalid: spec.resources[storage]: Required value',
      );
      await invalid(
        'POST',
        core('persistentvolumeclaims'),
        pvc('size', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } }),
        'PersistentVolumeClaim "size" is invalid: spec.resources[storage]: Invalid value: "0": must be greater than zero',
      );
      const made = await accepted(
        'POST',
        core('persistentvolumeclaims'),
        pvc('claim', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } }),
      );
      (made.spec as { resources: { requests: Record<string, string> } }).resources.requests.storage = '2Gi';
      await invalid(
        'PUT',
        `${core('persistentvolumeclaims')}/claim`,
        made,
        'PersistentVolumeClaim "claim" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      );
    });

    it('a volume needs a storage capacity and exactly one source, which never changes', async () => {
      await invalid(
        'POST',
        '/api/v1/persistentvolumes',
        pv('bare', { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } }),
        'PersistentVolume "bare" is invalid: spec: Required value: must specify a volume type',
      );
      await invalid(
        'POST',
        '/api/v1/persistentvolumes',
        pv('two', { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/a' }, nfs: { server: 'nfs', path: '/b' } }),
        'PersistentVolume "two" is invalid: spec.nfs: Forbidden: may not specify more than 1 volume type',
      );
      const made = await accepted(
        'POST',
        '/api/v1/persistentvolumes',
        pv('one', { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/a' } }),
      );
      assert.equal((made.spec as Record<string, unknown>).persistentVolumeReclaimPolicy, 'Retain');
      (made.spec as { hostPath: { path: string } }).hostPath.path = '/b';
      await invalid(
        'PUT',
        '/api/v1/persistentvolumes/one',
        made,
        'PersistentVolume "one" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation',
      );
    });

    it('a StorageClass needs a provisioner and known policies', async () => {
      const sc = (name: string, extra: Record<string, unknown>) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, ...extra });
      await invalid('POST', STORAGE_CLASSES, sc('none', {}), 'StorageClass.storage.k8s.io "none" is invalid: provisioner: Required value');
      await invalid(
        'POST',
        STORAGE_CLASSES,
        sc('policy', { provisioner: 'example.com/p', reclaimPolicy: 'Recycle', volumeBindingMode: 'Later' }),
        'StorageClass.storage.k8s.io "policy" is invalid: [reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain", volumeBindingMode: Unsupported value: "Later": supported values: "Immediate", "WaitForFirstConsumer"]',
      );
      const made = await accepted('POST', STORAGE_CLASSES, sc('fast', { provisioner: 'example.com/p' }));
      assert.equal(made.reclaimPolicy, 'Delete');
      assert.equal(made.volumeBindingMode, 'Immediate');
    });
  });

  describe('RBAC bindings', () => {
    it('a binding names a role kind and subjects of known kinds; its roleRef never changes', async () => {
      const binding = (roleRef: Record<string, unknown>, subjects: unknown[]) => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'b' },
        roleRef,
        subjects,
      });
      await invalid(
        'POST',
        `${RBAC}/namespaces/${NS}/rolebindings`,
        binding({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Policy', name: 'x' }, [{ kind: 'Robot', name: 'r' }]),
        'RoleBinding.rbac.authorization.k8s.io "b" is invalid: [roleRef.kind: Unsupported value: "Policy": supported values: "Role", "ClusterRole", subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"]',
      );
      const made = await accepted(
        'POST',
        `${RBAC}/namespaces/${NS}/rolebindings`,
        binding({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:test:colon' }, [{ kind: 'User', name: 'alice' }]),
      );
      assert.equal((made.subjects as { apiGroup: string }[])[0].apiGroup, 'rbac.authorization.k8s.io', 'users belong to the RBAC group');
      (made.roleRef as { name: string }).name = 'other';
      const r = await api.request('PUT', `${RBAC}/namespaces/${NS}/rolebindings/b`, { body: made });
      assert.equal(r.status, 422, r.text);
      assert.match(r.json<Status>().message, /roleRef: Invalid value: .*: cannot change roleRef$/);
    });
  });
});

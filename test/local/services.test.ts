// The embedded hub's service network, driven with kubectl: every Service gets its own address in
// 127.0.0.0/8, a LoadBalancer publishes it as its ingress, and a pod the Service selects is told
// to listen there, so two Services on one machine both serve the same documented port.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { Job } from '../../src/api/core/index.js';
import { JOBS, NAMESPACES } from '../../src/kube/index.js';
import { SERVICES, type Service } from '../../src/local/services/service-ref.js';
import { waitFor } from '../support/wait.js';
import { startLocalEnv, type LocalEnv } from './local-env.js';

const NS = 'svc-test';

const service = (name: string, type: string) => `
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${NS}}
spec:
  type: ${type}
  selector: {app: ${name}}
  ports: [{name: rsync-tls, port: 8000, targetPort: 8000, protocol: TCP}]
`;

// A pod that listens on its address's port 8000 and answers with its name, until told to stop.
const listener = (name: string) => `
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}, namespace: ${NS}}
spec:
  backoffLimit: 0
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      restartPolicy: Never
      containers:
      - name: listen
        image: lifeboat
        command: ["${process.execPath}", "-e", "const s=require('net').createServer(c=>{c.end('${name}');s.close()});s.listen(8000,process.env.LIFEBOAT_POD_ADDRESS,()=>console.log('listening on '+process.env.LIFEBOAT_POD_ADDRESS))"]
`;

function ask(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}

describe('local service network', () => {
  let env: LocalEnv;
  before(async () => {
    env = await startLocalEnv();
    await env.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });
  after(async () => {
    await env?.teardown();
  });

  const lbAddress = async (name: string): Promise<string> => {
    return waitFor(
      `the load balancer address of ${name}`,
      async () => (await env.client.get<Service>(SERVICES, name, { namespace: NS })).status?.loadBalancer?.ingress?.[0]?.ip || undefined,
      20_000,
    );
  };

  test('each LoadBalancer Service gets its own 127/8 address as cluster IP and ingress', async () => {
    for (const name of ['dst-a', 'dst-b']) assert.equal((await env.kubectl(['apply', '-f', '-'], { input: service(name, 'LoadBalancer') })).code, 0);
    const a = await lbAddress('dst-a');
    const b = await lbAddress('dst-b');
    assert.match(a, /^127\.(?!0\.)\d+\.\d+\.\d+$/);
    assert.notEqual(a, b);
    const svc = await env.client.get<Service>(SERVICES, 'dst-a', { namespace: NS });
    assert.equal(svc.spec?.clusterIP, a);
    const get = await env.kubectl(['get', 'service', 'dst-a', '-n', NS]);
    assert.match(get.stdout, new RegExp(`dst-a\\s+LoadBalancer\\s+${a.replaceAll('.', '\\.')}\\s+${a.replaceAll('.', '\\.')}\\s+8000`));
  });

  test('pods selected by two Services listen on the same port, each at its Service address', async () => {
    for (const name of ['dst-a', 'dst-b']) assert.equal((await env.kubectl(['apply', '-f', '-'], { input: listener(name) })).code, 0);
    for (const name of ['dst-a', 'dst-b']) {
      const ip = await lbAddress(name);
      const answer = await waitFor(`${name} answering on ${ip}:8000`, async () => (await ask(ip, 8000).catch(() => '')) || undefined, 30_000);
      assert.equal(answer, name);
      await waitFor(`${name} done`, async () => ((await env.client.get<Job>(JOBS, name, { namespace: NS })).status?.succeeded ?? 0) === 1, 30_000);
    }
  });

  test('a Service that stops being a LoadBalancer loses its ingress, keeps its address', async () => {
    const before = await lbAddress('dst-b');
    assert.equal((await env.kubectl(['apply', '-f', '-'], { input: service('dst-b', 'ClusterIP') })).code, 0);
    await waitFor(
      'the ingress removed',
      async () => ((await env.client.get<Service>(SERVICES, 'dst-b', { namespace: NS })).status?.loadBalancer?.ingress ?? []).length === 0,
      20_000,
    );
    assert.equal((await env.client.get<Service>(SERVICES, 'dst-b', { namespace: NS })).spec?.clusterIP, before);
  });
});

// The ReplicationSource/ReplicationDestination controllers on an embedded hub, driven with the
// real kubectl: the objects they create for the restic and rclone movers (names, labels, owners,
// Jobs with their environment and mounts), the status, condition, events and columns a user sees,
// and specs rejected at once (decision 15). No Job runs here: this is what the controllers write.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { REPLICATION_DESTINATIONS, REPLICATION_SOURCES, type ReplicationDestination, type ReplicationSource } from '../../src/api/volsync/index.js';
import { ROLES, ROLE_BINDINGS, JOBS, PERSISTENT_VOLUME_CLAIMS, type Job, type PersistentVolumeClaim, type Typed } from '../../src/volsync/kinds.js';
import { hashedName } from '../../src/volsync/names.js';
import { SECRETS, SERVICE_ACCOUNTS } from '../../src/kube/index.js';
import { waitFor } from '../support/wait.js';
import { conditionOf } from './conditions.js';
import { DOC_RESTIC_SOURCE, startVolSyncEnv, TEST_MOVER_IMAGE, type VolSyncEnv } from './harness.js';

let env: VolSyncEnv;

before(async () => {
  env = await startVolSyncEnv({ settings: { moverImagePullSecrets: ['registry-creds', 'missing-creds'], operatorNamespace: 'volsync-system' } });
});
after(async () => {
  await env?.teardown();
});

const pvc = (ns: string, name: string, size = '2Gi') => `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: ${name}, namespace: ${ns}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: ${size}}}}
`;

const resticSecret = (ns: string, extra = '') => `
apiVersion: v1
kind: Secret
metadata: {name: restic-config, namespace: ${ns}}
type: Opaque
stringData:
  RESTIC_REPOSITORY: s3:http://minio.example:9000/bucket/mydata
  RESTIC_PASSWORD: my-secure-restic-password
  AWS_ACCESS_KEY_ID: access
  AWS_SECRET_ACCESS_KEY: secret-key${extra}
`;

const waitForObject = <T extends Typed>(ref: Parameters<VolSyncEnv['get']>[0], ns: string, name: string, what: string, check?: (o: T) => boolean) =>
  env.waitForObject<T>(ref, ns, name, what, check);

describe('ReplicationSource with restic', () => {
  const ns = 'restic-src';
  let rs: ReplicationSource;
  let job: Job;

  before(async () => {
    await env.namespace(ns);
    await env.apply(pvc(ns, 'mydata') + '---' + resticSecret(ns, '\n  RCLONE_BWLIMIT: "1M"') + '---' + DOC_RESTIC_SOURCE(ns));
    job = await waitForObject<Job>(JOBS, ns, 'volsync-src-mydata-backup', 'the restic source Job');
    rs = await waitForObject<ReplicationSource>(REPLICATION_SOURCES, ns, 'mydata-backup', 'the RS status', (o) => !!o.status?.lastSyncStartTime);
  });

  it('starts the first sync at creation and says so', () => {
    assert.deepEqual(
      { status: conditionOf(rs)?.status, reason: conditionOf(rs)?.reason, message: conditionOf(rs)?.message },
      { status: 'True', reason: 'SyncInProgress', message: 'Synchronization in-progress' },
    );
    assert.equal(rs.status?.nextSyncTime, undefined, 'no next slot before the first sync completed');
  });

  it('clones the source PVC into volsync-<rs>-src, marked for cleanup and owned by the RS', async () => {
    const clone = await waitForObject<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, ns, 'volsync-mydata-backup-src', 'the clone');
    assert.deepEqual(clone.spec?.dataSource, { kind: 'PersistentVolumeClaim', name: 'mydata' });
    assert.deepEqual(clone.spec?.accessModes, ['ReadWriteOnce']);
    assert.equal(clone.spec?.resources?.requests?.storage, '2Gi');
    assert.equal(clone.metadata.labels?.['app.kubernetes.io/created-by'], 'volsync');
    assert.equal(clone.metadata.labels?.['volsync.backube/cleanup'], rs.metadata.uid);
    assert.deepEqual(
      clone.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.controller]),
      [['ReplicationSource', 'mydata-backup', true]],
    );
  });

  it('keeps a 1Gi restic cache that is not a temporary', async () => {
    const cache = await waitForObject<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, ns, 'volsync-src-mydata-backup-cache', 'the cache');
    assert.equal(cache.spec?.resources?.requests?.storage, '1Gi');
    assert.equal(cache.spec?.storageClassName, undefined, 'the cluster default class');
    assert.equal(cache.metadata.labels?.['volsync.backube/cleanup'], undefined);
  });

  it('gives the mover a ServiceAccount, and a Role without rules when unprivileged', async () => {
    for (const ref of [SERVICE_ACCOUNTS, ROLES, ROLE_BINDINGS]) await waitForObject(ref, ns, 'volsync-src-mydata-backup', ref.plural);
    const role = await waitForObject<Typed & { rules?: unknown[] }>(ROLES, ns, 'volsync-src-mydata-backup', 'role');
    assert.equal(role.rules?.length ?? 0, 0);
  });

  it("runs `lifeboat mover restic source backup` in the mover image with VolSync's environment and mounts", () => {
    assert.equal(job.spec?.backoffLimit, 8);
    assert.equal(job.spec?.parallelism, 1);
    assert.equal(job.metadata.labels?.['volsync.backube/cleanup'], rs.metadata.uid);
    const podSpec = job.spec?.template.spec;
    assert.equal(job.spec?.template.metadata?.labels?.['app.kubernetes.io/created-by'], 'volsync');
    assert.equal(podSpec?.restartPolicy, 'Never');
    assert.equal(podSpec?.serviceAccountName, 'volsync-src-mydata-backup');
    const [c] = podSpec?.containers ?? [];
    assert.equal(c.name, 'restic');
    assert.equal(c.image, TEST_MOVER_IMAGE);
    assert.deepEqual(c.command, ['lifeboat', 'mover', 'restic', 'source']);
    assert.deepEqual(c.args, ['backup']);
    assert.deepEqual(
      c.env?.map((e) =>
        e.valueFrom
          ? `${e.name}<-${e.valueFrom.secretKeyRef?.name}/${e.valueFrom.secretKeyRef?.key}${e.valueFrom.secretKeyRef?.optional ? '?' : ''}`
          : `${e.name}=${e.value}`,
      ),
      [
        'FORGET_OPTIONS= --keep-hourly 6 --keep-daily 5 --keep-weekly 4 --keep-monthly 2 --keep-yearly 1',
        'DATA_DIR=/data',
        'RESTIC_CACHE_DIR=/cache',
        'RESTORE_AS_OF=',
        'SELECT_PREVIOUS=0',
        'RESTORE_OPTIONS=',
        'RESTIC_REPOSITORY<-restic-config/RESTIC_REPOSITORY',
        'RESTIC_PASSWORD<-restic-config/RESTIC_PASSWORD',
        'AWS_ACCESS_KEY_ID<-restic-config/AWS_ACCESS_KEY_ID?',
        'AWS_SECRET_ACCESS_KEY<-restic-config/AWS_SECRET_ACCESS_KEY?',
        'RCLONE_BWLIMIT<-restic-config/RCLONE_BWLIMIT?',
        'PRIVILEGED_MOVER=0',
      ],
    );
    assert.deepEqual(
      c.volumeMounts?.map((m) => `${m.name}:${m.mountPath}`),
      ['data:/data', 'cache:/cache', 'tempdir:/tmp'],
    );
    assert.deepEqual(podSpec?.volumes, [
      { name: 'data', persistentVolumeClaim: { claimName: 'volsync-mydata-backup-src', readOnly: false } },
      { name: 'cache', persistentVolumeClaim: { claimName: 'volsync-src-mydata-backup-cache' } },
      { name: 'tempdir', emptyDir: { medium: 'Memory' } },
    ]);
    assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true });
  });

  it('shows in kubectl get and describe with its columns, condition and events', async () => {
    const get = await env.kubectl(['get', 'replicationsources', '-A']);
    assert.equal(get.code, 0, get.stderr);
    const [header, row] = get.stdout.trim().split('\n');
    assert.match(header, /^NAMESPACE\s+NAME\s+SOURCE\s+LAST SYNC\s+DURATION\s+NEXT SYNC$/);
    assert.match(row, new RegExp(`^${ns}\\s+mydata-backup\\s+mydata\\s*$`));
    let describe = '';
    await waitFor(
      'the events in kubectl describe',
      async () => {
        describe = (await env.kubectl(['describe', 'replicationsource', '-n', ns, 'mydata-backup'])).stdout;
        return describe.includes('PersistentVolumeClaimCreated') && describe.includes('to receive incoming data');
      },
      20_000,
    );
    assert.match(describe, /Reason:\s+SyncInProgress/);
    assert.match(
      describe,
      /Normal\s+PersistentVolumeClaimCreated\s+\S+\s+volsync-controller\s+created PersistentVolumeClaim\/volsync-mydata-backup-src as a clone of PersistentVolumeClaim\/mydata/,
    );
  });

  it('reports the volume out of sync until its first sync completes', async () => {
    const text = await env.registry.getSingleMetricAsString('volsync_volume_out_of_sync');
    assert.match(text, new RegExp(`volsync_volume_out_of_sync\\{obj_name="mydata-backup",obj_namespace="${ns}",role="source",method="restic"\\} 1`));
  });

  it("sets the Job's parallelism to 0 while paused", async () => {
    await env.client.patch(REPLICATION_SOURCES, 'mydata-backup', { spec: { paused: true } }, { type: 'merge', namespace: ns });
    await waitForObject<Job>(JOBS, ns, 'volsync-src-mydata-backup', 'a paused Job', (j) => j.spec?.parallelism === 0);
  });
});

describe('ReplicationSource failures before the Job', () => {
  const ns = 'restic-bad';

  before(async () => {
    await env.namespace(ns);
    await env.apply(pvc(ns, 'mydata'));
  });

  it('names a missing repository Secret, then a missing field, then proceeds once it is right', async () => {
    await env.apply(DOC_RESTIC_SOURCE(ns));
    const message = async (expected: RegExp) =>
      waitForObject<ReplicationSource>(REPLICATION_SOURCES, ns, 'mydata-backup', `condition ${expected}`, (o) => expected.test(conditionOf(o)?.message ?? ''));
    const missing = await message(/^secrets "restic-config" not found$/);
    assert.equal(conditionOf(missing)?.reason, 'Error');
    await env.apply(`
apiVersion: v1
kind: Secret
metadata: {name: restic-config, namespace: ${ns}}
stringData: {RESTIC_REPOSITORY: /somewhere, OTHER: x}
`);
    await message(/^secret is missing field: RESTIC_PASSWORD$/);
    await env.client.patch(
      { group: '', version: 'v1', plural: 'secrets', namespaced: true },
      'restic-config',
      { stringData: { RESTIC_PASSWORD: 'pw' } },
      { type: 'merge', namespace: ns },
    );
    await waitForObject<Job>(JOBS, ns, 'volsync-src-mydata-backup', 'the Job once the Secret is complete');
    const rs = await message(/^Synchronization in-progress$/);
    assert.doesNotMatch(JSON.stringify(rs.status), /pw/, 'no secret in status');
  });

  it('rejects two movers at once, naming both, and creates nothing', async () => {
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: two-movers, namespace: ${ns}}
spec:
  sourcePVC: mydata
  restic: {repository: restic-config, copyMethod: Direct}
  rclone: {rcloneConfig: rclone-secret, rcloneConfigSection: remote, rcloneDestPath: bucket, copyMethod: Direct}
`);
    const rs = await waitForObject<ReplicationSource>(REPLICATION_SOURCES, ns, 'two-movers', 'the rejection', (o) => conditionOf(o)?.reason === 'Error');
    assert.equal(conditionOf(rs)?.message, 'only one replication method can be supplied - the spec sets spec.rclone and spec.restic');
    assert.equal(rs.status?.lastSyncStartTime, undefined);
    assert.equal(await env.get(JOBS, ns, 'volsync-src-two-movers'), undefined);
  });

  it('leaves a ReplicationSource with only an external provider alone', async () => {
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: external, namespace: ${ns}}
spec: {sourcePVC: mydata, external: {provider: example.com/mover, parameters: {a: b}}}
`);
    // Another RS in the namespace being reconciled meanwhile shows the controller is running.
    await env.apply(DOC_RESTIC_SOURCE(ns, 'marker'));
    await waitForObject<ReplicationSource>(REPLICATION_SOURCES, ns, 'marker', 'the marker RS', (o) => !!o.status);
    const rs = await env.get<ReplicationSource>(REPLICATION_SOURCES, ns, 'external');
    assert.equal(rs?.status, undefined);
  });
});

describe('copy triggers', () => {
  it('waits for a new copy-trigger value before cloning, and says so on the source PVC', async () => {
    const ns = 'copy-trigger';
    await env.namespace(ns);
    await env.apply(
      pvc(ns, 'mydata').replace(
        'metadata: {name: mydata, namespace: copy-trigger}',
        "metadata: {name: mydata, namespace: copy-trigger, annotations: {volsync.backube/use-copy-trigger: ''}}",
      ) +
        '---' +
        resticSecret(ns) +
        '---' +
        DOC_RESTIC_SOURCE(ns),
    );
    const waiting = await waitForObject<PersistentVolumeClaim>(
      PERSISTENT_VOLUME_CLAIMS,
      ns,
      'mydata',
      'the waiting status',
      (p) => p.metadata.annotations?.['volsync.backube/latest-copy-status'] === 'WaitingForTrigger',
    );
    assert.match(waiting.metadata.annotations?.['volsync.backube/latest-copy-trigger-waiting-since'] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(await env.get(PERSISTENT_VOLUME_CLAIMS, ns, 'volsync-mydata-backup-src'), undefined, 'no clone before the trigger');
    assert.equal(await env.get(JOBS, ns, 'volsync-src-mydata-backup'), undefined);

    await env.client.patch(
      PERSISTENT_VOLUME_CLAIMS,
      'mydata',
      { metadata: { annotations: { 'volsync.backube/copy-trigger': 'quiesced-1' } } },
      { type: 'merge', namespace: ns },
    );
    await waitForObject(PERSISTENT_VOLUME_CLAIMS, ns, 'volsync-mydata-backup-src', 'the clone once triggered');
    const triggered = await waitForObject<PersistentVolumeClaim>(
      PERSISTENT_VOLUME_CLAIMS,
      ns,
      'mydata',
      'the in-progress status',
      (p) => p.metadata.annotations?.['volsync.backube/latest-copy-status'] === 'InProgress',
    );
    assert.equal(triggered.metadata.annotations?.['volsync.backube/latest-copy-trigger-waiting-since'], undefined);
    const describe = await env.kubectl(['describe', 'replicationsource', '-n', ns, 'mydata-backup']);
    assert.match(describe.stdout, /SrcPVCWaitingForCopyTrigger/);
    assert.match(describe.stdout, /SrcPVCCopyTriggerReceived/);
  });
});

describe('object names beyond 63 characters', () => {
  it('uses the CRC-32 of the CR name in the Job name', async () => {
    const ns = 'long-names';
    const name = 'a-replication-source-with-a-rather-long-name-0123456789';
    await env.namespace(ns);
    await env.apply(pvc(ns, 'mydata') + '---' + resticSecret(ns) + '---' + DOC_RESTIC_SOURCE(ns, name));
    await waitForObject(JOBS, ns, `volsync-src-${hashedName(name)}`, 'the shortened Job name');
    // Other names are never shortened.
    await waitForObject(SERVICE_ACCOUNTS, ns, `volsync-src-${name}`, 'the ServiceAccount');
    await waitForObject(PERSISTENT_VOLUME_CLAIMS, ns, `volsync-${name}-src`, 'the clone');
  });
});

describe('mover image pull secrets', () => {
  it("copies the operator's pull Secrets into the mover namespace and onto the mover ServiceAccount", async () => {
    await env.namespace('volsync-system');
    await env.apply(`
apiVersion: v1
kind: Secret
metadata: {name: registry-creds, namespace: volsync-system}
type: kubernetes.io/dockerconfigjson
stringData: {.dockerconfigjson: '{"auths":{}}'}
`);
    const ns = 'pull-secrets';
    await env.namespace(ns);
    await env.apply(pvc(ns, 'mydata') + '---' + resticSecret(ns) + '---' + DOC_RESTIC_SOURCE(ns));
    const copyName = `volsync-pull-${hashedName('registry-creds')}`;
    const sa = await waitForObject<Typed & { imagePullSecrets?: { name: string }[] }>(
      SERVICE_ACCOUNTS,
      ns,
      'volsync-src-mydata-backup',
      'the ServiceAccount',
      (o) => !!o.imagePullSecrets,
    );
    assert.deepEqual(sa.imagePullSecrets, [{ name: copyName }], 'the missing one is skipped');
    const copy = await waitForObject<Typed & { type?: string; data?: Record<string, string> }>(SECRETS, ns, copyName, 'the copy');
    assert.equal(copy.type, 'kubernetes.io/dockerconfigjson');
    assert.equal(Buffer.from(copy.data?.['.dockerconfigjson'] ?? '', 'base64').toString(), '{"auths":{}}');
    assert.deepEqual(
      copy.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.controller ?? false]),
      [['ReplicationSource', 'mydata-backup', false]],
    );
  });
});

describe('privileged movers', () => {
  it('run as root with the capabilities to keep owners when the namespace allows it', async () => {
    const ns = 'privileged';
    await env.namespace(ns, { 'volsync.backube/privileged-movers': 'TRUE' });
    await env.apply(pvc(ns, 'mydata') + '---' + resticSecret(ns) + '---' + DOC_RESTIC_SOURCE(ns));
    const job = await waitForObject<Job>(JOBS, ns, 'volsync-src-mydata-backup', 'the privileged Job');
    const [c] = job.spec?.template.spec.containers ?? [];
    assert.deepEqual(c.securityContext, {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'], add: ['DAC_OVERRIDE', 'CHOWN', 'FOWNER'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsUser: 0,
    });
    assert.equal(c.env?.find((e) => e.name === 'PRIVILEGED_MOVER')?.value, '1');
    const role = await waitForObject<Typed & { rules?: unknown[] }>(ROLES, ns, 'volsync-src-mydata-backup', 'the Role', (r) => (r.rules?.length ?? 0) > 0);
    assert.deepEqual(role.rules, [
      { apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: ['volsync-privileged-mover'], verbs: ['use'] },
    ]);
  });
});

describe('ReplicationDestination with restic', () => {
  const ns = 'restic-dst';

  it('provisions volsync-<rd>-dest and its cache, and runs `lifeboat mover restic destination restore`', async () => {
    await env.namespace(ns);
    await env.apply(
      resticSecret(ns) +
        `---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: mydata-restore, namespace: ${ns}}
spec:
  trigger: {manual: restore-once}
  restic:
    repository: restic-config
    copyMethod: Snapshot
    capacity: 3Gi
    accessModes: [ReadWriteOnce]
    restoreAsOf: "2024-05-01T10:00:00Z"
    previous: 2
    enableFileDeletion: true
    cleanupCachePVC: true
`,
    );
    const dest = await waitForObject<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, ns, 'volsync-mydata-restore-dest', 'the destination PVC');
    assert.equal(dest.spec?.resources?.requests?.storage, '3Gi');
    assert.equal(dest.metadata.labels?.['volsync.backube/cleanup'], undefined, 'kept between syncs unless cleanupTempPVC');
    const cache = await waitForObject<PersistentVolumeClaim>(PERSISTENT_VOLUME_CLAIMS, ns, 'volsync-dst-mydata-restore-cache', 'the cache');
    assert.ok(cache.metadata.labels?.['volsync.backube/cleanup'], 'cleanupCachePVC makes the cache a temporary');
    const job = await waitForObject<Job>(JOBS, ns, 'volsync-dst-mydata-restore', 'the restore Job');
    const [c] = job.spec?.template.spec.containers ?? [];
    assert.deepEqual(c.command, ['lifeboat', 'mover', 'restic', 'destination']);
    assert.deepEqual(c.args, ['restore']);
    const env_ = Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
    assert.deepEqual(
      [env_.FORGET_OPTIONS, env_.RESTORE_AS_OF, env_.SELECT_PREVIOUS, env_.RESTORE_OPTIONS],
      ['--keep-last 1', '2024-05-01T10:00:00Z', '2', '--delete'],
    );
  });

  it('rejects copyMethod Clone at once with the reason', async () => {
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: clone, namespace: ${ns}}
spec:
  restic: {repository: restic-config, copyMethod: Clone, capacity: 1Gi, accessModes: [ReadWriteOnce]}
`);
    const rd = await waitForObject<ReplicationDestination>(REPLICATION_DESTINATIONS, ns, 'clone', 'the rejection', (o) => conditionOf(o)?.reason === 'Error');
    assert.equal(conditionOf(rd)?.message, 'spec.restic.copyMethod: unsupported copyMethod: Clone -- must be Direct, None, or Snapshot');
    assert.equal(await env.get(PERSISTENT_VOLUME_CLAIMS, ns, 'volsync-clone-dest'), undefined, 'nothing provisioned');
  });

  it('needs capacity and accessModes without a destinationPVC', async () => {
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationDestination
metadata: {name: no-size, namespace: ${ns}}
spec:
  restic: {repository: restic-config, copyMethod: Direct}
`);
    const rd = await waitForObject<ReplicationDestination>(REPLICATION_DESTINATIONS, ns, 'no-size', 'the error', (o) => conditionOf(o)?.reason === 'Error');
    assert.equal(conditionOf(rd)?.message, 'accessModes must be provided when destinationPVC is not');
  });
});

describe('rclone', () => {
  const ns = 'rclone';

  before(async () => {
    await env.namespace(ns);
    await env.apply(
      pvc(ns, 'mydata') +
        `---
apiVersion: v1
kind: Secret
metadata: {name: rclone-secret, namespace: ${ns}}
stringData:
  rclone.conf: |
    [local-store]
    type = local
  RCLONE_TRANSFERS: "4"
`,
    );
  });

  it('runs `lifeboat mover rclone source` with the config Secret at /rclone-config/ (0600) and backoffLimit 2', async () => {
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: mydata-rclone, namespace: ${ns}}
spec:
  sourcePVC: mydata
  trigger: {schedule: "0 * * * *"}
  rclone: {rcloneConfigSection: local-store, rcloneDestPath: bucket/mydata, rcloneConfig: rclone-secret, copyMethod: Direct}
`);
    const job = await waitForObject<Job>(JOBS, ns, 'volsync-rclone-src-mydata-rclone', 'the rclone Job');
    assert.equal(job.spec?.backoffLimit, 2);
    const podSpec = job.spec?.template.spec;
    const [c] = podSpec?.containers ?? [];
    assert.equal(c.name, 'rclone');
    assert.deepEqual(c.command, ['lifeboat', 'mover', 'rclone', 'source']);
    assert.deepEqual(
      c.env?.map((e) => (e.valueFrom ? `${e.name}<-${e.valueFrom.secretKeyRef?.key}` : `${e.name}=${e.value}`)),
      [
        'RCLONE_TRANSFERS<-RCLONE_TRANSFERS',
        'RCLONE_CONFIG=/rclone-config/rclone.conf',
        'RCLONE_DEST_PATH=bucket/mydata',
        'DIRECTION=source',
        'MOUNT_PATH=/data',
        'RCLONE_CONFIG_SECTION=local-store',
        'PRIVILEGED_MOVER=0',
      ],
    );
    assert.deepEqual(
      podSpec?.volumes?.[0],
      { name: 'data', persistentVolumeClaim: { claimName: 'mydata', readOnly: false } },
      'Direct reads the source PVC itself',
    );
    assert.deepEqual(podSpec?.volumes?.[1], { name: 'rclone-secret', secret: { secretName: 'rclone-secret', defaultMode: 0o600 } });
    assert.deepEqual(
      c.volumeMounts?.map((m) => `${m.name}:${m.mountPath}`),
      ['data:/data', 'rclone-secret:/rclone-config/', 'tempdir:/tmp'],
    );
  });

  it("checks the spec and the Secret with VolSync's messages", async () => {
    await env.apply(`
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: no-section, namespace: ${ns}}
spec:
  sourcePVC: mydata
  rclone: {rcloneDestPath: bucket/mydata, rcloneConfig: rclone-secret, copyMethod: Direct}
---
apiVersion: v1
kind: Secret
metadata: {name: not-a-config, namespace: ${ns}}
stringData: {other: x}
---
apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: bad-secret, namespace: ${ns}}
spec:
  sourcePVC: mydata
  rclone: {rcloneConfigSection: s, rcloneDestPath: bucket/mydata, rcloneConfig: not-a-config, copyMethod: Direct}
`);
    const noSection = await waitForObject<ReplicationSource>(REPLICATION_SOURCES, ns, 'no-section', 'the error', (o) => conditionOf(o)?.reason === 'Error');
    assert.equal(conditionOf(noSection)?.message, 'unable to get Rclone config section name');
    const badSecret = await waitForObject<ReplicationSource>(REPLICATION_SOURCES, ns, 'bad-secret', 'the error', (o) => conditionOf(o)?.reason === 'Error');
    assert.equal(conditionOf(badSecret)?.message, 'secret is missing field: rclone.conf');
  });
});

describe('CRD validation', () => {
  it("accepts and rejects schedules as upstream's pattern does", async () => {
    const ns = 'schedules';
    await env.namespace(ns);
    const attempt = (schedule: string) =>
      env.kubectl(['apply', '-f', '-'], {
        input: `apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: s${Math.random().toString(36).slice(2, 8)}, namespace: ${ns}}
spec: {sourcePVC: x, trigger: {schedule: ${JSON.stringify(schedule)}}, external: {}}
`,
      });
    for (const valid of [
      '0 0 1 1 *',
      '*/5 * * * *',
      '@hourly',
      '0 0 1 3-5 *',
      '0 9,17 * * *',
      '19 */3 * * * ',
      '6 5 4 3 2',
      '0 9-17 * * *',
      'CRON_TZ=Europe/Berlin 0 2 * * *',
    ]) {
      const r = await attempt(valid);
      assert.equal(r.code, 0, `${valid}: ${r.stderr}`);
    }
    for (const invalid of ['something', '', '@every 5m', '0 0 * * MON']) {
      const r = await attempt(invalid);
      assert.notEqual(r.code, 0, `${invalid} must be rejected`);
      assert.match(r.stderr, /spec\.trigger\.schedule/);
    }
  });

  it('rejects an unknown copyMethod', async () => {
    const r = await env.kubectl(['apply', '-f', '-'], {
      input: `apiVersion: volsync.backube/v1alpha1
kind: ReplicationSource
metadata: {name: bad-copy, namespace: schedules}
spec: {sourcePVC: x, restic: {copyMethod: Copy}}
`,
    });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.restic\.copyMethod: Unsupported value: "Copy"/);
  });
});

// The OCM / Hive / OpenShift / OADP stand-in CRDs on the embedded hub, through the real kubectl:
// the shipped files match the sources, one realistic object of every kind is accepted, the fields
// the backup operator relies on are typed, and unknown fields survive (restored objects from a
// real hub must come back whole).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ocmCrdDefinitions, ocmCrds, OCM_CRD_LABEL } from '../../src/api/ocm/index.js';
import { crdName } from '../../src/api/crd/render.js';
import { startHub, type TestHub } from '../support/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const NAMESPACES = ['cluster1', 'cluster2', 'pools', 'open-cluster-management', 'open-cluster-management-backup', 'multicluster-engine'];

/** One realistic minimal object per stand-in kind, keyed by `<plural>.<group>`. */
const SAMPLES: Record<string, string> = {
  'managedclusters.cluster.open-cluster-management.io': `
apiVersion: cluster.open-cluster-management.io/v1
kind: ManagedCluster
metadata: {name: cluster1, labels: {cloud: Amazon, vendor: OpenShift, cluster.open-cluster-management.io/clusterset: default}}
spec:
  hubAcceptsClient: true
  leaseDurationSeconds: 60
  managedClusterClientConfigs: [{url: "https://api.cluster1.example.com:6443"}]`,
  'managedclustersets.cluster.open-cluster-management.io': `
apiVersion: cluster.open-cluster-management.io/v1beta2
kind: ManagedClusterSet
metadata: {name: default}
spec: {clusterSelector: {selectorType: ExclusiveClusterSetLabel}}`,
  'managedclustersetbindings.cluster.open-cluster-management.io': `
apiVersion: cluster.open-cluster-management.io/v1beta2
kind: ManagedClusterSetBinding
metadata: {name: default, namespace: open-cluster-management-backup}
spec: {clusterSet: default}`,
  'placements.cluster.open-cluster-management.io': `
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: Placement
metadata: {name: acm-hub-backup, namespace: open-cluster-management-backup}
spec:
  clusterSets: [default]
  predicates:
    - requiredClusterSelector:
        labelSelector: {matchExpressions: [{key: local-cluster, operator: In, values: ["true"]}]}
  tolerations:
    - {key: cluster.open-cluster-management.io/unreachable, operator: Exists}`,
  'placementdecisions.cluster.open-cluster-management.io': `
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: PlacementDecision
metadata: {name: acm-hub-backup-decision-1, namespace: open-cluster-management-backup, labels: {cluster.open-cluster-management.io/placement: acm-hub-backup}}`,
  'clusterclaims.cluster.open-cluster-management.io': `
apiVersion: cluster.open-cluster-management.io/v1alpha1
kind: ClusterClaim
metadata: {name: version.openshift.io}
spec: {value: "4.16.3"}`,
  'clustercurators.cluster.open-cluster-management.io': `
apiVersion: cluster.open-cluster-management.io/v1beta1
kind: ClusterCurator
metadata: {name: cluster2, namespace: cluster2}
spec: {desiredCuration: install, install: {towerAuthSecret: toweraccess, prehook: [{name: Demo Job Template}]}}`,
  'managedclusteraddons.addon.open-cluster-management.io': `
apiVersion: addon.open-cluster-management.io/v1alpha1
kind: ManagedClusterAddOn
metadata: {name: managed-serviceaccount, namespace: cluster1, labels: {authentication.open-cluster-management.io/is-managed-serviceaccount: auto-import-account}}
spec: {}`,
  'clustermanagementaddons.addon.open-cluster-management.io': `
apiVersion: addon.open-cluster-management.io/v1alpha1
kind: ClusterManagementAddOn
metadata: {name: managed-serviceaccount}
spec: {addOnMeta: {displayName: managed-serviceaccount, description: Synchronizes service accounts to managed clusters}}`,
  'klusterletaddonconfigs.agent.open-cluster-management.io': `
apiVersion: agent.open-cluster-management.io/v1
kind: KlusterletAddonConfig
metadata: {name: cluster1, namespace: cluster1}
spec:
  applicationManager: {enabled: true}
  certPolicyController: {enabled: true}
  policyController: {enabled: true}
  searchCollector: {enabled: true}`,
  'manifestworks.work.open-cluster-management.io': `
apiVersion: work.open-cluster-management.io/v1
kind: ManifestWork
metadata:
  name: addon-managed-serviceaccount-import
  namespace: cluster1
  labels: {open-cluster-management.io/addon-name-work: managed-serviceaccount, cluster.open-cluster-management.io/backup: cluster-activation}
spec:
  workload:
    manifests:
      - apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: managedserviceaccount-import}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: klusterlet-bootstrap-kubeconfig}
        subjects: [{kind: ServiceAccount, name: auto-import-account, namespace: open-cluster-management-agent-addon}]`,
  'managedserviceaccounts.authentication.open-cluster-management.io': `
apiVersion: authentication.open-cluster-management.io/v1beta1
kind: ManagedServiceAccount
metadata: {name: auto-import-account, namespace: cluster1, labels: {authentication.open-cluster-management.io/is-managed-serviceaccount: auto-import-account}}
spec: {rotation: {enabled: true, validity: 240h0m0s}}`,
  'clusterdeployments.hive.openshift.io': `
apiVersion: hive.openshift.io/v1
kind: ClusterDeployment
metadata: {name: cluster2, namespace: cluster2, labels: {hive.openshift.io/cluster-platform: aws, hive.openshift.io/cluster-region: us-east-1}}
spec:
  clusterName: cluster2
  baseDomain: example.com
  platform: {aws: {region: us-east-1, credentialsSecretRef: {name: cluster2-aws-creds}}}
  pullSecretRef: {name: cluster2-pull-secret}
  installed: false
  provisioning:
    installConfigSecretRef: {name: cluster2-install-config}
    imageSetRef: {name: img4.16.3-x86-64-appsub}
    manifestsConfigMapRef: {name: cluster2-manifests}
  certificateBundles: [{name: ingress, generate: true, certificateSecretRef: {name: cluster2-ingress}}]`,
  'clusterpools.hive.openshift.io': `
apiVersion: hive.openshift.io/v1
kind: ClusterPool
metadata: {name: pool1, namespace: pools}
spec:
  size: 1
  baseDomain: example.com
  imageSetRef: {name: img4.16.3-x86-64-appsub}
  platform: {aws: {region: us-east-1, credentialsSecretRef: {name: pool1-aws-creds}}}
  pullSecretRef: {name: pool1-pull-secret}`,
  'clusterclaims.hive.openshift.io': `
apiVersion: hive.openshift.io/v1
kind: ClusterClaim
metadata: {name: claim1, namespace: pools}
spec: {clusterPoolName: pool1}`,
  'clusterimagesets.hive.openshift.io': `
apiVersion: hive.openshift.io/v1
kind: ClusterImageSet
metadata: {name: img4.16.3-x86-64-appsub, labels: {visible: "true"}}
spec: {releaseImage: "quay.io/openshift-release-dev/ocp-release:4.16.3-x86_64"}`,
  'machinepools.hive.openshift.io': `
apiVersion: hive.openshift.io/v1
kind: MachinePool
metadata: {name: cluster2-worker, namespace: cluster2}
spec: {clusterDeploymentRef: {name: cluster2}, name: worker, replicas: 3, platform: {aws: {type: m5.xlarge, rootVolume: {size: 120, type: gp3}}}}`,
  'hiveconfigs.hive.openshift.io': `
apiVersion: hive.openshift.io/v1
kind: HiveConfig
metadata: {name: hive}
spec: {targetNamespace: hive, logLevel: info}`,
  'clustersyncs.hiveinternal.openshift.io': `
apiVersion: hiveinternal.openshift.io/v1alpha1
kind: ClusterSync
metadata: {name: cluster2, namespace: cluster2}
spec: {}`,
  'agentclusterinstalls.extensions.hive.openshift.io': `
apiVersion: extensions.hive.openshift.io/v1beta1
kind: AgentClusterInstall
metadata: {name: cluster2, namespace: cluster2}
spec:
  clusterDeploymentRef: {name: cluster2}
  imageSetRef: {name: img4.16.3-x86-64-appsub}
  networking: {clusterNetwork: [{cidr: 10.128.0.0/14, hostPrefix: 23}], serviceNetwork: [172.30.0.0/16]}
  provisionRequirements: {controlPlaneAgents: 1}`,
  'policies.policy.open-cluster-management.io': `
apiVersion: policy.open-cluster-management.io/v1
kind: Policy
metadata:
  name: backup-restore-enabled
  namespace: open-cluster-management-backup
  labels: {velero.io/exclude-from-backup: "true"}
  annotations: {policy.open-cluster-management.io/standards: NIST-CSF, policy.open-cluster-management.io/categories: PR.IP Information Protection Processes and Procedures, policy.open-cluster-management.io/controls: PR.IP-4 Backups of information are conducted maintained and tested}
spec:
  disabled: false
  remediationAction: inform
  policy-templates:
    - objectDefinition:
        apiVersion: policy.open-cluster-management.io/v1
        kind: ConfigurationPolicy
        metadata: {name: backup-schedule-cron-enabled}
        spec:
          remediationAction: inform
          severity: high
          object-templates:
            - complianceType: musthave
              objectDefinition:
                apiVersion: velero.io/v1
                kind: Backup
                metadata:
                  namespace: open-cluster-management-backup
                  labels: {velero.io/schedule-name: acm-validation-policy-schedule}`,
  'placementbindings.policy.open-cluster-management.io': `
apiVersion: policy.open-cluster-management.io/v1
kind: PlacementBinding
metadata: {name: acm-hub-backup, namespace: open-cluster-management-backup}
placementRef: {name: acm-hub-backup, kind: Placement, apiGroup: cluster.open-cluster-management.io}
subjects: [{name: acm-hub-backup, kind: PolicySet, apiGroup: policy.open-cluster-management.io}]`,
  'policysets.policy.open-cluster-management.io': `
apiVersion: policy.open-cluster-management.io/v1beta1
kind: PolicySet
metadata: {name: acm-hub-backup, namespace: open-cluster-management-backup}
spec: {description: Hub backup and restore checks, policies: [backup-restore-enabled]}`,
  'channels.apps.open-cluster-management.io': `
apiVersion: apps.open-cluster-management.io/v1
kind: Channel
metadata: {name: charts-v1, namespace: open-cluster-management}
spec: {type: HelmRepo, pathname: "http://multiclusterhub-repo.open-cluster-management.svc.cluster.local:3000/charts"}`,
  'subscriptions.apps.open-cluster-management.io': `
apiVersion: apps.open-cluster-management.io/v1
kind: Subscription
metadata: {name: nginx-sub, namespace: open-cluster-management, labels: {app: nginx}}
spec: {channel: open-cluster-management/charts-v1, name: nginx-ingress, placement: {placementRef: {kind: Placement, name: acm-hub-backup}}}`,
  'placementrules.apps.open-cluster-management.io': `
apiVersion: apps.open-cluster-management.io/v1
kind: PlacementRule
metadata: {name: dev-clusters, namespace: open-cluster-management}
spec: {clusterSelector: {matchLabels: {environment: dev}}, clusterReplicas: 1}`,
  'applications.app.k8s.io': `
apiVersion: app.k8s.io/v1beta1
kind: Application
metadata: {name: nginx, namespace: open-cluster-management}
spec:
  componentKinds: [{group: apps.open-cluster-management.io, kind: Subscription}]
  selector: {matchExpressions: [{key: app, operator: In, values: [nginx]}]}`,
  'multiclusterhubs.operator.open-cluster-management.io': `
apiVersion: operator.open-cluster-management.io/v1
kind: MultiClusterHub
metadata: {name: multiclusterhub, namespace: open-cluster-management}
spec:
  availabilityConfig: High
  overrides: {components: [{name: cluster-backup, enabled: true}, {name: search, enabled: true}]}`,
  'internalhubcomponents.operator.open-cluster-management.io': `
apiVersion: operator.open-cluster-management.io/v1
kind: InternalHubComponent
metadata: {name: cluster-backup, namespace: open-cluster-management}
spec: {}`,
  'multiclusterengines.multicluster.openshift.io': `
apiVersion: multicluster.openshift.io/v1
kind: MultiClusterEngine
metadata: {name: multiclusterengine}
spec: {targetNamespace: multicluster-engine, overrides: {components: [{name: managedserviceaccount, enabled: true}]}}`,
  'clusterversions.config.openshift.io': `
apiVersion: config.openshift.io/v1
kind: ClusterVersion
metadata: {name: version}
spec: {clusterID: 6c2a5e3d-1a1b-4c47-9d3f-2f7e8f1d9a10, channel: stable-4.16}`,
  'subscriptions.operators.coreos.com': `
apiVersion: operators.coreos.com/v1alpha1
kind: Subscription
metadata: {name: redhat-oadp-operator, namespace: open-cluster-management-backup}
spec: {name: redhat-oadp-operator, channel: stable-1.4, source: redhat-operators, sourceNamespace: openshift-marketplace, installPlanApproval: Automatic}`,
  'dataprotectionapplications.oadp.openshift.io': `
apiVersion: oadp.openshift.io/v1alpha1
kind: DataProtectionApplication
metadata: {name: lifeboat, namespace: open-cluster-management-backup}
spec:
  configuration:
    velero: {defaultPlugins: [openshift, aws]}
    nodeAgent: {enable: true, uploaderType: kopia}
  backupLocations:
    - name: default
      velero:
        provider: aws
        default: true
        objectStorage: {bucket: hub-backups, prefix: acm}
        credential: {name: cloud-credentials, key: cloud}
        config: {region: us-east-1, profile: default}`,
  'bmceventsubscriptions.metal3.io': `
apiVersion: metal3.io/v1alpha1
kind: BMCEventSubscription
metadata: {name: host1-events, namespace: cluster2}
spec: {hostName: host1, destination: "https://events.example.com/webhook", context: "", httpHeadersRef: {name: host1-headers, namespace: cluster2}}`,
  'hostfirmwaresettings.metal3.io': `
apiVersion: metal3.io/v1alpha1
kind: HostFirmwareSettings
metadata: {name: host1, namespace: cluster2}
spec: {settings: {ProcTurboMode: Disabled}}`,
  'agents.agent-install.openshift.io': `
apiVersion: agent-install.openshift.io/v1beta1
kind: Agent
metadata: {name: 0a1b2c3d-0000-4000-8000-000000000001, namespace: cluster2}
spec: {approved: true, role: master, hostname: master-0, clusterDeploymentName: {name: cluster2, namespace: cluster2}}`,
  'infraenvs.agent-install.openshift.io': `
apiVersion: agent-install.openshift.io/v1beta1
kind: InfraEnv
metadata: {name: cluster2, namespace: cluster2}
spec: {pullSecretRef: {name: cluster2-pull-secret}, sshAuthorizedKey: "ssh-ed25519 AAAAC3Nz example", clusterRef: {name: cluster2, namespace: cluster2}}`,
  'nmstateconfigs.agent-install.openshift.io': `
apiVersion: agent-install.openshift.io/v1beta1
kind: NMStateConfig
metadata: {name: master-0, namespace: cluster2, labels: {infraenvs.agent-install.openshift.io: cluster2}}
spec:
  config: {interfaces: [{name: eth0, type: ethernet, state: up}]}
  interfaces: [{name: eth0, macAddress: "52:54:00:aa:bb:01"}]`,
  'agentclassifications.agent-install.openshift.io': `
apiVersion: agent-install.openshift.io/v1beta1
kind: AgentClassification
metadata: {name: medium, namespace: cluster2}
spec: {labelKey: size, labelValue: medium, query: ".inventory.cpu.count == 8"}`,
  'agentserviceconfigs.agent-install.openshift.io': `
apiVersion: agent-install.openshift.io/v1beta1
kind: AgentServiceConfig
metadata: {name: agent}
spec:
  databaseStorage: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Gi}}}
  filesystemStorage: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 100Gi}}}`,
  'multiclusterobservabilities.observability.open-cluster-management.io': `
apiVersion: observability.open-cluster-management.io/v1beta2
kind: MultiClusterObservability
metadata: {name: observability}
spec: {observabilityAddonSpec: {}, storageConfig: {metricObjectStorage: {name: thanos-object-storage, key: thanos.yaml}}}`,
  'discoveredclusters.discovery.open-cluster-management.io': `
apiVersion: discovery.open-cluster-management.io/v1
kind: DiscoveredCluster
metadata: {name: 2a1b3c4d-rosa, namespace: open-cluster-management}
spec: {name: rosa-prod, displayName: rosa-prod, apiUrl: "https://api.rosa-prod.example.com:6443", cloudProvider: aws, type: ROSA, openshiftVersion: 4.16.3, isManagedCluster: false, status: Active, credential: {name: ocm-api-token, namespace: open-cluster-management}}`,
};

describe('OCM stand-in CRDs', () => {
  let env: TestHub;
  const ok = async (args: string[], input?: string) => {
    const r = await env.kubectl(args, { input });
    assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const fails = async (args: string[], input?: string) => {
    const r = await env.kubectl(args, { input });
    assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} unexpectedly succeeded: ${r.stdout}`);
    return r.stderr;
  };

  before(async () => {
    env = await startHub();
    await ok(['apply', '-f', path.join(REPO, 'deploy/crds/ocm/')]);
    await ok(['wait', '--for=condition=Established', '--timeout=30s', 'crd/managedclusters.cluster.open-cluster-management.io']);
    await ok(['apply', '-f', '-'], NAMESPACES.map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}\n`).join('---\n'));
  });
  after(async () => {
    await env?.teardown();
  });

  it('every stand-in CRD carries the OCM label, so they can be selected together', async () => {
    for (const crd of ocmCrds()) assert.equal(crd.metadata.labels?.[OCM_CRD_LABEL], 'true', crd.metadata.name);
    const listed = (await ok(['get', 'crd', '-l', `${OCM_CRD_LABEL}=true`, '-o', 'name'])).trim().split('\n');
    assert.deepEqual(
      listed.sort(),
      ocmCrds()
        .map((c) => `customresourcedefinition.apiextensions.k8s.io/${c.metadata.name}`)
        .sort(),
    );
  });

  it('accepts one realistic object of every kind', async () => {
    const names = ocmCrdDefinitions().map(crdName);
    assert.deepEqual(Object.keys(SAMPLES).sort(), [...names].sort(), 'every stand-in kind has a sample, and only those');
    const out = await ok(['apply', '-f', '-'], Object.values(SAMPLES).join('\n---'));
    assert.equal(
      out
        .trim()
        .split('\n')
        .filter((l) => / created$/.test(l)).length,
      names.length,
      out,
    );
    const listed = (await ok(['get', names.join(','), '-A', '-o', 'name'])).trim().split('\n');
    for (const def of ocmCrdDefinitions()) {
      const prefix = `${def.kind.toLowerCase()}.${def.group}/`;
      assert.equal(listed.filter((l) => l.startsWith(prefix)).length, 1, `${crdName(def)} lists one object`);
    }
  });

  it('keeps fields it does not type: a restored object comes back whole', async () => {
    assert.equal(
      await ok(['get', 'clustercurators.cluster.open-cluster-management.io', 'cluster2', '-n', 'cluster2', '-o', 'jsonpath={.spec.install.prehook[0].name}']),
      'Demo Job Template',
    );
    await ok(['patch', 'mcl', 'cluster1', '--type=merge', '-p', JSON.stringify({ spec: { taints: [{ key: 'gpu', effect: 'NoSelect' }] } })]);
    assert.equal(await ok(['get', 'mcl', 'cluster1', '-o', 'jsonpath={.spec.taints[0].key}']), 'gpu');
    assert.equal(
      await ok(['get', 'cd', 'cluster2', '-n', 'cluster2', '-o', 'jsonpath={.spec.provisioning.installConfigSecretRef.name}']),
      'cluster2-install-config',
    );
  });

  it('shows the ManagedCluster columns, with conditions written through the status subresource', async () => {
    let table = await ok(['get', 'managedclusters']);
    assert.match(table, /^NAME\s+HUB ACCEPTED\s+MANAGED CLUSTER URLS\s+JOINED\s+AVAILABLE\s+AGE$/m);
    assert.match(table, /^cluster1\s+true\s+https:\/\/api\.cluster1\.example\.com:6443\s+\d+s$/m);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const status = {
      status: {
        conditions: [
          { type: 'ManagedClusterJoined', status: 'True', reason: 'ManagedClusterJoined', message: 'Managed cluster joined', lastTransitionTime: now },
          {
            type: 'ManagedClusterConditionAvailable',
            status: 'True',
            reason: 'ManagedClusterAvailable',
            message: 'Managed cluster is available',
            lastTransitionTime: now,
          },
        ],
        clusterClaims: [{ name: 'id.k8s.io', value: 'cluster1' }],
        version: { kubernetes: 'v1.29.5' },
      },
    };
    await ok(['patch', 'mcl', 'cluster1', '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
    table = await ok(['get', 'mcl']);
    assert.match(table, /^cluster1\s+true\s+https:\/\/api\.cluster1\.example\.com:6443\s+True\s+True\s+\d+s$/m);
  });

  it('rejects a ManagedCluster whose hubAcceptsClient is not a boolean', async () => {
    const bad = SAMPLES['managedclusters.cluster.open-cluster-management.io']
      .replace('name: cluster1', 'name: cluster9')
      .replace('hubAcceptsClient: true', 'hubAcceptsClient: "yes"');
    assert.match(
      await fails(['create', '-f', '-'], bad),
      /spec\.hubAcceptsClient: Invalid value: "string": spec\.hubAcceptsClient in body must be of type boolean: "string"/,
    );
  });

  it('types the ManagedServiceAccount fields the auto-import reads', async () => {
    const ns = ['-n', 'cluster1'];
    await ok([
      'patch',
      'managedserviceaccounts.authentication.open-cluster-management.io',
      'auto-import-account',
      ...ns,
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/rotation/validity","value":"300h0m0s"}]',
    ]);
    assert.equal(
      await ok([
        'get',
        'managedserviceaccounts.authentication.open-cluster-management.io',
        'auto-import-account',
        ...ns,
        '-o',
        'jsonpath={.spec.rotation.validity}',
      ]),
      '300h0m0s',
    );
    const status = {
      status: { expirationTimestamp: '2030-01-01T00:00:00Z', tokenSecretRef: { name: 'auto-import-account', lastRefreshTimestamp: '2029-12-20T00:00:00Z' } },
    };
    await ok([
      'patch',
      'managedserviceaccounts.authentication.open-cluster-management.io',
      'auto-import-account',
      ...ns,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(status),
    ]);
    assert.equal(
      await ok([
        'get',
        'managedserviceaccounts.authentication.open-cluster-management.io',
        'auto-import-account',
        ...ns,
        '-o',
        'jsonpath={.status.tokenSecretRef.lastRefreshTimestamp}',
      ]),
      '2029-12-20T00:00:00Z',
    );
    const err = await fails([
      'patch',
      'managedserviceaccounts.authentication.open-cluster-management.io',
      'auto-import-account',
      ...ns,
      '--type=merge',
      '-p',
      '{"spec":{"rotation":{"validity":5}}}',
    ]);
    assert.match(err, /spec\.rotation\.validity: Invalid value: "integer": spec\.rotation\.validity in body must be of type string: "integer"/);
    // The older version is served too, for clients that still ask for it.
    assert.match(
      await ok(['get', 'managedserviceaccounts.v1alpha1.authentication.open-cluster-management.io', '-n', 'cluster1', '-o', 'name']),
      /auto-import-account/,
    );
  });

  it('types the DataProtectionApplication backup locations', async () => {
    const bad = SAMPLES['dataprotectionapplications.oadp.openshift.io'].replace('name: lifeboat', 'name: bad').replace('default: true', 'default: "yes"');
    assert.match(await fails(['create', '-f', '-'], bad), /spec\.backupLocations\[0\]\.velero\.default: Invalid value: "string"/);
    assert.equal(
      await ok(['get', 'dpa', 'lifeboat', '-n', 'open-cluster-management-backup', '-o', 'jsonpath={.spec.backupLocations[0].velero.objectStorage.bucket}']),
      'hub-backups',
    );
  });

  it('requires what upstream requires: a ClusterVersion without clusterID, a ManifestWork manifest without kind', async () => {
    assert.match(
      await fails(['create', '-f', '-'], 'apiVersion: config.openshift.io/v1\nkind: ClusterVersion\nmetadata: {name: other}\nspec: {channel: stable-4.16}\n'),
      /spec\.clusterID: Required value/,
    );
    const work =
      'apiVersion: work.open-cluster-management.io/v1\nkind: ManifestWork\nmetadata: {name: w, namespace: cluster1}\nspec: {workload: {manifests: [{apiVersion: v1, metadata: {name: x}}]}}\n';
    assert.match(await fails(['create', '-f', '-'], work), /spec\.workload\.manifests\[0\]\.kind: Required value/);
  });

  it('shows the Hive and installer columns, label columns included', async () => {
    const cds = await ok(['get', 'cd', '-n', 'cluster2']);
    assert.match(cds, /^NAME\s+INFRAID\s+PLATFORM\s+REGION\s+VERSION\s+CLUSTERTYPE\s+PROVISIONSTATUS\s+POWERSTATE\s+AGE$/m);
    assert.match(cds, /^cluster2\s+aws\s+us-east-1\s+\d+s$/m);
    assert.match(await ok(['get', 'imgset']), /^img4\.16\.3-x86-64-appsub\s+quay\.io\/openshift-release-dev\/ocp-release:4\.16\.3-x86_64\s+\d+s$/m);
    assert.match(await ok(['get', 'mch', '-A']), /^NAMESPACE\s+NAME\s+STATUS\s+AGE\s+CURRENTVERSION\s+DESIREDVERSION$/m);
    assert.match(
      await ok(['get', 'subscriptions.operators.coreos.com', '-n', 'open-cluster-management-backup']),
      /^redhat-oadp-operator\s+redhat-oadp-operator\s+redhat-operators\s+stable-1\.4$/m,
    );
    assert.match(await ok(['get', 'plc', '-n', 'open-cluster-management-backup']), /^backup-restore-enabled\s+inform\s+\d+s$/m);
  });
});

// The test environment every suite uses: hubs (in this process or as `lifeboat` processes), the
// clock tests inject, waiting on conditions, kubectl, and the servers tests put in the way.
export type { HubAccess } from './access.js';
export { startAgentProcess, type AgentProcess } from './agent-process.js';
export { JumpClock, TestClock, nextTurn } from './clock.js';
export { UP_CRD_SETS, installCrdSets, type CrdSet } from './crds.js';
export { startHub, type HubWithStorage, type StartHubOptions, type TestHub } from './hub.js';
export { clientFor, kubeConfigFrom, kubeConfigVia } from './kubeconfig.js';
export { kubectlFor, runKubectl, type Kubectl, type KubectlOptions, type KubectlResult } from './kubectl.js';
export { REPO, runLifeboat, startHubProcess, startLifeboatProcess, type CliResult, type HubProcess } from './lifeboat-process.js';
export { testLog } from './log.js';
export { ROOT_CA_CONFIG_MAP, ensureNamespace, ensureNamespaceWithDefaults } from './namespaces.js';
export { inParallel } from './parallel.js';
export { rawClient, type RawClient, type RawResponse } from './raw-http.js';
export { rawRequest, type RawTarget } from './raw-socket.js';
export { reconcileContext } from './reconcile.js';
export { S3RVER_CREDENTIALS, startS3rver, type S3rverEnv } from './s3rver.js';
export { VELERO_NS, createLocation, type LocationOptions, type StorageLocation } from './storage-location.js';
export { TcpProxy } from './tcp-proxy.js';
export { Teardown } from './teardown.js';
export { tempDir } from './temp.js';
export { startUpProcess, type UpProcess, type UpProcessOptions } from './up-process.js';
export type { UpOptions } from './up.js';
export { waitFor } from './wait.js';
export { canConnect, waitForListener } from './listening.js';

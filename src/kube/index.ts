// The only door Lifeboat's controllers use to reach a Kubernetes API, real or embedded.
export { KubeClient, DEFAULT_PAGE_SIZE } from './client.js';
export type {
  KubeClientOptions,
  RequestOptions,
  GetOptions,
  SelectorOptions,
  ListOptions,
  WriteOptions,
  PatchType,
  PatchOptions,
  PatchBody,
  JsonPatchOperation,
  DeleteOptions,
  DeleteCollectionOptions,
} from './client.js';
export { KubeTransport, DEFAULT_TIMEOUT_MS } from './transport.js';
export type { TransportOptions, RequestSpec, QueryValue } from './transport.js';
export { KubeApiError, KubeTimeoutError, NoKindMatchError, isNotFound, isConflict, isAlreadyExists, isExpired, isNoKindMatch, isTransient } from './errors.js';
export { watchResource, randomWatchTimeoutSeconds, parseWatchLine } from './watch.js';
export { LineSplitter } from './ndjson.js';
export type { WatchEvent, WatchOptions } from './watch.js';
export { Informer } from './informer.js';
export type { InformerOptions, AddHandler, UpdateHandler, DeleteHandler, ErrorHandler } from './informer.js';
export { LeaderElector, LEASE_RESOURCE } from './leader-election.js';
export type { LeaderElectionOptions, Lease, LeaseSpec } from './leader-election.js';
export { Backoff, DEFAULT_BACKOFF } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { systemClock } from './clock.js';
export type { Clock } from './clock.js';
export { resourcePath, groupVersionPath, splitApiVersion, apiVersionOf } from './paths.js';
export { isStatus, isResourceRef, objectKey, keyOf } from './types.js';
export type { ResourceRef, TypeRef, ResourceTarget, KubeStatus, StatusCause } from './types.js';
export { metaTime, microTime } from '../api/meta.js';
export type { KubeObject, ApiObject, CustomObject, ObjectMeta, OwnerReference, KubeList, ListMeta } from '../api/meta.js';
export * from './runtime/index.js';
export { NAMESPACES, SECRETS, CONFIGMAPS, SERVICE_ACCOUNTS, PODS, CUSTOM_RESOURCE_DEFINITIONS } from '../api/builtin-resources.js';
export {
  parseLabelSelector,
  labelSelectorFromObject,
  formatRequirements,
  matchesLabels,
  formatLabelSelector,
  labelSelectorMatches,
  InvalidLabelSelectorError,
} from './selectors/label-selector.js';
export type { LabelRequirement, LabelOperator } from './selectors/label-selector.js';

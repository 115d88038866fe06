// What the Velero backup controller does to a new Backup before running it (spec/velero.md §1.4,
// §1.5): fill in the defaults that are persisted with the backup, resolve the storage location,
// and collect every validation error with Velero's exact words.
import { getValidName } from '../../../api/velero/valid-name.js';
import { BACKUP_STORAGE_LOCATIONS, VOLUME_SNAPSHOT_LOCATIONS } from '../../../api/velero/crds.js';
import {
  ANNOTATION_RESOURCE_TIMEOUT,
  ANNOTATION_SOURCE_CLUSTER_K8S_GITVERSION,
  ANNOTATION_SOURCE_CLUSTER_K8S_MAJOR_VERSION,
  ANNOTATION_SOURCE_CLUSTER_K8S_MINOR_VERSION,
  BACKUP_FORMAT_VERSION,
  LABEL_EXCLUDE_FROM_BACKUP,
  LABEL_STORAGE_LOCATION,
  type Backup,
  type BackupSpec,
  type BackupStorageLocation,
  type VolumeSnapshotLocation,
} from '../../../api/velero/types.js';
import { isNoKindMatch, isNotFound, type Clock, type KubeClient, type KubeObject } from '../../../kube/index.js';
import { validateIncludesExcludes, validateScopedIncludesExcludes } from '../filters/includes-excludes.js';
import { validateNamespaceIncludesExcludes } from '../filters/namespace-filter.js';
import { usesNewResourceFilters, usesOldResourceFilters } from '../filters/resource-filter.js';
import { formatDurationNs, nsToMs, parseGoDurationNs } from '../../../util/duration.js';
import { formatVeleroTime, parseGoDuration } from './duration.js';
import { AUTO_EXCLUDED_CLUSTER_SCOPED, AUTO_EXCLUDED_NAMESPACE_SCOPED, VELERO_SERVER_DEFAULTS, type BackupServerDefaults } from './server-defaults.js';
import { NAMESPACES } from '../../../kube/index.js';
import { cloneJson } from '../../../util/json.js';

export const MIXED_FILTERS_ERROR =
  'include-resources, exclude-resources and include-cluster-resources are old filter parameters.\n' +
  'include-cluster-scoped-resources, exclude-cluster-scoped-resources, include-namespace-scoped-resources and exclude-namespace-scoped-resources are new filter parameters.\n' +
  'They cannot be used together';

export const BOTH_SELECTORS_ERROR = 'encountered labelSelector as well as orLabelSelectors in backup spec, only one can be specified';

export interface PreparedBackup {
  /** The Backup with defaults filled in and phase `InProgress` or `FailedValidation`. */
  backup: Backup;
  validationErrors: string[];
  /** The resolved storage location; absent when it could not be read. */
  storageLocation?: BackupStorageLocation;
}

export interface PrepareOptions {
  client: KubeClient;
  clock: Clock;
  defaults?: Partial<BackupServerDefaults>;
  signal?: AbortSignal;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Velero appends the auto-excludes and drops them from the includes (modifyResourceIncludeExclude). */
function withAutoExcludes(include: string[] | undefined, exclude: string[] | undefined, added: readonly string[]): { include?: string[]; exclude: string[] } {
  const outExclude = [...(exclude ?? [])];
  for (const x of added) if (!outExclude.includes(x)) outExclude.push(x);
  const outInclude = include?.filter((i) => !outExclude.includes(i));
  return { include: outInclude, exclude: outExclude };
}

function normaliseDuration(value: string | undefined, fallback: string, field: string, errors: string[]): { text: string; ms: number } {
  const defaulted = { text: fallback, ms: parseGoDuration(fallback) };
  if (value === undefined || value === '') return defaulted;
  let ns: bigint;
  try {
    ns = parseGoDurationNs(value);
  } catch (err) {
    errors.push(`invalid ${field} "${value}": ${errorMessage(err)}`);
    return { text: value, ms: NaN };
  }
  return ns === 0n ? defaulted : { text: formatDurationNs(ns), ms: nsToMs(ns) };
}

async function serverVersion(client: KubeClient, signal?: AbortSignal): Promise<{ gitVersion?: string; major?: string; minor?: string } | undefined> {
  try {
    return await client.transport.json({ method: 'GET', path: '/version', signal });
  } catch {
    return undefined;
  }
}

async function resolveStorageLocation(
  client: KubeClient,
  namespace: string,
  spec: BackupSpec,
  defaults: BackupServerDefaults,
  errors: string[],
  signal?: AbortSignal,
): Promise<BackupStorageLocation | undefined> {
  let serverSpecified = false;
  if (!spec.storageLocation) {
    spec.storageLocation = defaults.backupStorageLocation;
    try {
      const list = await client.list<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, { namespace, signal });
      const marked = list.items.find((l) => l.spec?.default === true);
      if (marked?.metadata.name) spec.storageLocation = marked.metadata.name;
    } catch {
      // As Velero: an unreadable list falls back to the server default.
    }
    serverSpecified = true;
  }
  const name = spec.storageLocation;
  let bsl: BackupStorageLocation;
  try {
    bsl = await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, name, { namespace, signal });
  } catch (err) {
    if (isNotFound(err)) {
      errors.push(
        serverSpecified
          ? `an existing backup storage location was not specified at backup creation time and the server default ${name} does not exist. Please address this issue (see \`velero backup-location -h\` for options) and create a new backup. Error: ${errorMessage(err)}`
          : `an existing backup storage location was not specified at backup creation time and the default ${name} was not found. Please address this issue (see \`velero backup-location -h\` for options) and create a new backup. Error: ${errorMessage(err)}`,
      );
    } else {
      errors.push(`error getting backup storage location: ${errorMessage(err)}`);
    }
    return undefined;
  }
  if (bsl.spec?.accessMode === 'ReadOnly') errors.push(`backup can't be created because backup storage location ${name} is currently in read-only mode`);
  if (bsl.status?.phase !== 'Available') errors.push(`backup can't be created because BackupStorageLocation ${name} is in Unavailable status.`);
  return bsl;
}

/**
 * Velero's VolumeSnapshotLocation resolution, reduced to what a resource-only engine needs: named
 * locations must exist, and each provider ends up with at most one. A cluster without the VSL API
 * simply has none.
 */
async function resolveSnapshotLocations(client: KubeClient, namespace: string, spec: BackupSpec, errors: string[], signal?: AbortSignal): Promise<void> {
  const byProvider = new Map<string, string>();
  const vslErrors: string[] = [];
  for (const name of spec.volumeSnapshotLocations ?? []) {
    let loc: VolumeSnapshotLocation;
    try {
      loc = await client.get<VolumeSnapshotLocation>(VOLUME_SNAPSHOT_LOCATIONS, name, { namespace, signal });
    } catch (err) {
      vslErrors.push(
        isNotFound(err) || isNoKindMatch(err)
          ? `a VolumeSnapshotLocation CRD for the location ${name} with the name specified in the backup spec needs to be created before this snapshot can be executed. Error: ${errorMessage(err)}`
          : `error getting volume snapshot location named ${name}: ${errorMessage(err)}`,
      );
      continue;
    }
    const provider = loc.spec?.provider ?? '';
    const existing = byProvider.get(provider);
    if (existing !== undefined && existing !== name) {
      vslErrors.push(`more than one VolumeSnapshotLocation name specified for provider ${provider}: ${name}; unexpected name was ${existing}`);
      continue;
    }
    byProvider.set(provider, name);
  }
  if (vslErrors.length === 0) {
    let all: VolumeSnapshotLocation[] = [];
    try {
      all = (await client.list<VolumeSnapshotLocation>(VOLUME_SNAPSHOT_LOCATIONS, { namespace, signal })).items;
    } catch (err) {
      if (!isNotFound(err) && !isNoKindMatch(err)) vslErrors.push(`error listing volume snapshot locations: ${errorMessage(err)}`);
    }
    const perProvider = new Map<string, string[]>();
    for (const loc of all) {
      const p = loc.spec?.provider ?? '';
      perProvider.set(p, [...(perProvider.get(p) ?? []), loc.metadata.name ?? '']);
    }
    for (const [provider, names] of perProvider) {
      if (byProvider.has(provider)) continue;
      if (names.length > 1)
        vslErrors.push(`provider ${provider} has more than one possible volume snapshot location, and none were specified explicitly or as a default`);
      else byProvider.set(provider, names[0]);
    }
  }
  if (vslErrors.length > 0) {
    errors.push(...vslErrors);
    return;
  }
  const names = [...byProvider.values()];
  if (names.length > 0) spec.volumeSnapshotLocations = names;
  else delete spec.volumeSnapshotLocations;
}

/** Defaults, mutations and validation, in Velero's order; nothing is written anywhere. */
export async function prepareBackup(original: Backup, opts: PrepareOptions): Promise<PreparedBackup> {
  const { client, clock, signal } = opts;
  const defaults: BackupServerDefaults = { ...VELERO_SERVER_DEFAULTS, ...opts.defaults };
  const backup = cloneJson(original);
  const namespace = backup.metadata.namespace ?? '';
  const spec: BackupSpec = (backup.spec ??= {});
  const status = (backup.status ??= {});
  const errors: string[] = [];
  const now = clock.now();

  status.version = 1;
  status.formatVersion = BACKUP_FORMAT_VERSION;

  const ttl = normaliseDuration(spec.ttl, defaults.backupTtl, 'TTL', errors);
  if (ttl.ms < 0) errors.push(`invalid TTL ${ttl.text}: TTL must be non-negative`);
  spec.ttl = ttl.text;
  if (!spec.volumeGroupSnapshotLabelKey) spec.volumeGroupSnapshotLabelKey = defaults.volumeGroupSnapshotLabelKey;
  spec.csiSnapshotTimeout = normaliseDuration(spec.csiSnapshotTimeout, defaults.csiSnapshotTimeout, 'csiSnapshotTimeout', errors).text;
  spec.itemOperationTimeout = normaliseDuration(spec.itemOperationTimeout, defaults.itemOperationTimeout, 'itemOperationTimeout', errors).text;
  if (ttl.ms >= 0) status.expiration = formatVeleroTime(now + ttl.ms);
  if (spec.defaultVolumesToRestic === true) spec.defaultVolumesToFsBackup = true;
  spec.defaultVolumesToFsBackup ??= defaults.defaultVolumesToFsBackup;
  spec.snapshotMoveData ??= defaults.snapshotMoveData;
  // Go serialises these struct fields even when empty; stored Backups always carry them.
  spec.metadata ??= {};
  spec.hooks ??= {};

  const storageLocation = await resolveStorageLocation(client, namespace, spec, defaults, errors, signal);
  backup.metadata.labels = { ...backup.metadata.labels, [LABEL_STORAGE_LOCATION]: getValidName(spec.storageLocation ?? '') };

  await resolveSnapshotLocations(client, namespace, spec, errors, signal);

  const version = await serverVersion(client, signal);
  const annotations = { ...backup.metadata.annotations };
  if (version?.gitVersion) annotations[ANNOTATION_SOURCE_CLUSTER_K8S_GITVERSION] = version.gitVersion;
  if (version?.major !== undefined) annotations[ANNOTATION_SOURCE_CLUSTER_K8S_MAJOR_VERSION] = version.major;
  if (version?.minor !== undefined) annotations[ANNOTATION_SOURCE_CLUSTER_K8S_MINOR_VERSION] = version.minor;
  annotations[ANNOTATION_RESOURCE_TIMEOUT] = defaults.resourceTimeout;
  backup.metadata.annotations = annotations;

  // A namespace labelled velero.io/exclude-from-backup=true is an excludedNamespaces entry.
  try {
    for await (const ns of client.listAll<KubeObject>(NAMESPACES, { labelSelector: `${LABEL_EXCLUDE_FROM_BACKUP}=true`, signal })) {
      if (ns.metadata?.name) (spec.excludedNamespaces ??= []).push(ns.metadata.name);
    }
  } catch (err) {
    errors.push(`error getting namespace list: ${errorMessage(err)}`);
  }
  if (spec.excludedNamespaces && spec.excludedNamespaces.length > 0) spec.excludedNamespaces = [...new Set(spec.excludedNamespaces)].sort();

  if (usesOldResourceFilters(spec) && usesNewResourceFilters(spec)) errors.push(MIXED_FILTERS_ERROR);

  if (usesOldResourceFilters(spec)) {
    const problems = validateIncludesExcludes(spec.includedResources, spec.excludedResources);
    if (problems.length > 0) {
      for (const p of problems) errors.push(`Invalid included/excluded resource lists: ${p}`);
    } else {
      const m = withAutoExcludes(spec.includedResources, spec.excludedResources, [...AUTO_EXCLUDED_NAMESPACE_SCOPED, ...AUTO_EXCLUDED_CLUSTER_SCOPED]);
      if (m.include) spec.includedResources = m.include;
      spec.excludedResources = m.exclude;
    }
  } else {
    const clusterProblems = validateScopedIncludesExcludes(spec.includedClusterScopedResources, spec.excludedClusterScopedResources);
    if (clusterProblems.length > 0) {
      for (const p of clusterProblems) errors.push(`Invalid cluster-scoped included/excluded resource lists: ${p}`);
    } else {
      const m = withAutoExcludes(spec.includedClusterScopedResources, spec.excludedClusterScopedResources, AUTO_EXCLUDED_CLUSTER_SCOPED);
      if (m.include) spec.includedClusterScopedResources = m.include;
      spec.excludedClusterScopedResources = m.exclude;
    }
    const nsProblems = validateScopedIncludesExcludes(spec.includedNamespaceScopedResources, spec.excludedNamespaceScopedResources);
    if (nsProblems.length > 0) {
      for (const p of nsProblems) errors.push(`Invalid namespace-scoped included/excluded resource lists: ${p}`);
    } else {
      const m = withAutoExcludes(spec.includedNamespaceScopedResources, spec.excludedNamespaceScopedResources, AUTO_EXCLUDED_NAMESPACE_SCOPED);
      if (m.include) spec.includedNamespaceScopedResources = m.include;
      spec.excludedNamespaceScopedResources = m.exclude;
    }
  }

  if (!spec.includedNamespaces || spec.includedNamespaces.length === 0) spec.includedNamespaces = ['*'];
  for (const p of validateNamespaceIncludesExcludes(spec.includedNamespaces, spec.excludedNamespaces)) {
    errors.push(`Invalid included/excluded namespace lists: ${p}`);
  }

  // As in Go, an empty but present orLabelSelectors list counts as set.
  if (spec.orLabelSelectors != null && spec.labelSelector != null) errors.push(BOTH_SELECTORS_ERROR);

  if (errors.length > 0) {
    status.phase = 'FailedValidation';
    status.validationErrors = errors;
  } else {
    status.phase = 'InProgress';
    status.startTimestamp = formatVeleroTime(now);
    delete status.validationErrors;
  }
  return { backup, validationErrors: errors, storageLocation };
}

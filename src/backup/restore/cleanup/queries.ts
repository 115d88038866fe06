// What each part of the delta cleanup looks at (hub-backup.md §4.8): which resources, with which
// label requirements, against which backup. Built from the backups behind the tracked restores;
// the controller runs the queries as LISTs, `lifeboat restore preview` evaluates them in memory.
import {
  CLUSTER_ACTIVATION,
  LABEL_BACKUP,
  LABEL_BACKUP_SCHEDULE_TYPE,
  LABEL_CLUSTER_TYPE,
  LABEL_HIVE_SECRET_TYPE,
  RESOURCE_TYPES,
} from '../../../api/backup/index.js';
import { LABEL_BACKUP_NAME, type Backup } from '../../../api/velero/index.js';
import { CONFIGMAPS, SECRETS, type ResourceRef } from '../../../kube/index.js';
import type { CleanupCatalog } from './catalog.js';
import { exists, notEquals, notExists, notIn, type Requirement } from './requirements.js';

export type CleanupMode = 'CleanupRestored' | 'CleanupAll';
export type CleanupPartName = 'credentials' | 'resources' | 'generic' | 'managedClusters';

export interface CleanupQuery {
  ref: ResourceRef;
  requirements: Requirement[];
}

export interface CleanupPart {
  part: CleanupPartName;
  /** The backup whose restore this part cleans up after. */
  backup: string;
  queries: CleanupQuery[];
  /** CleanupAll: objects restored from this very backup are kept (their label equals it). */
  keepSameBackup: boolean;
  /** The dynamic-delete skip rules (B–D; the credentials part has none). */
  skipRules: boolean;
  /** The backup's excludedNamespaces: nothing in them is deleted. */
  excludedNamespaces: string[];
}

/** The backups behind the tracked restores (§4.8: a part whose restore or backup is missing is skipped). */
export interface CleanupBackups {
  credentials?: Backup;
  resources?: Backup;
  generic?: Backup;
  managedClusters?: Backup;
}

// Never cleaned up (§7 Hive).
const NEVER_CLEANED_KINDS = ['clusterimageset', 'hiveconfig'];
// The backups name these without their group.
const HIVE_KINDS = ['clusterdeployment', 'machinepool'];

const nameOf = (b: Backup): string => b.metadata.name ?? '';

function credentialsPart(b: Backup, mode: CleanupMode, passive: boolean): CleanupPart {
  const backup = nameOf(b);
  const base: Requirement[] =
    mode === 'CleanupRestored' ? [exists(LABEL_BACKUP_NAME), notEquals(LABEL_BACKUP_NAME, backup)] : [notEquals(LABEL_BACKUP_NAME, backup)];
  const runs: Requirement[][] = [[exists(LABEL_CLUSTER_TYPE)]];
  // Modern credentials backups (one schedule with three OR-selectors) also hold hive and labelled secrets.
  if ((b.spec?.orLabelSelectors ?? []).length > 0) {
    runs.push([exists(LABEL_HIVE_SECRET_TYPE)]);
    runs.push(passive ? [exists(LABEL_BACKUP), notEquals(LABEL_BACKUP, CLUSTER_ACTIVATION)] : [exists(LABEL_BACKUP)]);
  }
  const queries: CleanupQuery[] = [];
  for (const extra of runs) for (const ref of [SECRETS, CONFIGMAPS]) queries.push({ ref, requirements: [...base, ...extra] });
  return { part: 'credentials', backup, queries, keepSameBackup: false, skipRules: false, excludedNamespaces: [] };
}

function resolveIncluded(catalog: CleanupCatalog, entries: readonly string[]): ResourceRef[] {
  const refs: ResourceRef[] = [];
  for (const entry of entries) {
    const dot = entry.indexOf('.');
    const kind = (dot < 0 ? entry : entry.slice(0, dot)).toLowerCase();
    if (NEVER_CLEANED_KINDS.includes(kind)) continue;
    const name = HIVE_KINDS.includes(kind) ? `${kind}.hive.openshift.io` : entry;
    const found = catalog.resolve(name);
    if (found && !refs.some((r) => r.group === found.ref.group && r.plural === found.ref.plural)) refs.push(found.ref);
  }
  return refs;
}

/** (B) and (D): the kinds the backup included, without the backup label. */
function includedKindsPart(part: 'resources' | 'managedClusters', b: Backup, mode: CleanupMode, catalog: CleanupCatalog): CleanupPart {
  const backup = nameOf(b);
  const requirements =
    mode === 'CleanupRestored' ? [exists(LABEL_BACKUP_NAME), notIn(LABEL_BACKUP_NAME, [backup]), notExists(LABEL_BACKUP)] : [notExists(LABEL_BACKUP)];
  return {
    part,
    backup,
    queries: resolveIncluded(catalog, b.spec?.includedResources ?? []).map((ref) => ({ ref, requirements })),
    keepSameBackup: mode === 'CleanupAll',
    skipRules: true,
    excludedNamespaces: [...(b.spec?.excludedNamespaces ?? [])],
  };
}

/** (C): everything labelled for the generic backup, in every non-core group the backup did not exclude. */
function genericPart(b: Backup, mode: CleanupMode, passive: boolean, catalog: CleanupCatalog): CleanupPart {
  const backup = nameOf(b);
  const requirements: Requirement[] =
    mode === 'CleanupRestored' ? [exists(LABEL_BACKUP_NAME), notIn(LABEL_BACKUP_NAME, [backup]), exists(LABEL_BACKUP)] : [exists(LABEL_BACKUP)];
  if (passive) requirements.push(notIn(LABEL_BACKUP, [CLUSTER_ACTIVATION]));
  let refs: ResourceRef[];
  if (b.metadata.labels?.[LABEL_BACKUP_SCHEDULE_TYPE] === RESOURCE_TYPES.resourcesGeneric) {
    const excluded = new Set((b.spec?.excludedResources ?? []).map((e) => e.toLowerCase()));
    refs = catalog
      .nonCore()
      .filter((e) => !excluded.has(e.kindGroup) && !excluded.has((e.ref.kind ?? '').toLowerCase()))
      .map((e) => e.ref);
  } else {
    refs = resolveIncluded(catalog, b.spec?.includedResources ?? []);
  }
  return {
    part: 'generic',
    backup,
    queries: refs.map((ref) => ({ ref, requirements })),
    keepSameBackup: mode === 'CleanupAll',
    skipRules: true,
    excludedNamespaces: [...(b.spec?.excludedNamespaces ?? [])],
  };
}

/**
 * The parts of one cleanup, in upstream's order: credentials, resources, generic (only when the
 * resources part has its backup), managed clusters. `passive`: managed clusters are not restored,
 * so `cluster-activation` objects are never removed.
 */
export function cleanupParts(backups: CleanupBackups, mode: CleanupMode, passive: boolean, catalog: CleanupCatalog): CleanupPart[] {
  const parts: CleanupPart[] = [];
  if (backups.credentials) parts.push(credentialsPart(backups.credentials, mode, passive));
  if (backups.resources) {
    parts.push(includedKindsPart('resources', backups.resources, mode, catalog));
    if (backups.generic) parts.push(genericPart(backups.generic, mode, passive, catalog));
  }
  if (backups.managedClusters) parts.push(includedKindsPart('managedClusters', backups.managedClusters, mode, catalog));
  return parts;
}

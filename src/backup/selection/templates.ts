// The backup template of each of the five velero Schedules (hub-backup.md §2.3): what each one
// includes and excludes, and with which label selectors. Everything here is a pure function of
// the discovered resources and a few names, so the same inputs always give the same schedules.
import type { LabelSelector } from '../../api/meta.js';
import type { BackupSpec } from '../../api/velero/index.js';
import {
  CREDENTIALS_BACKUP_LABELS,
  LABEL_BACKUP,
  LABEL_ROOT_POLICY,
  RESOURCE_TYPES,
  SCHEDULE_NAME_BY_TYPE,
  type ResourceType,
} from '../../api/backup/index.js';
import type { DiscoveredResources } from './discover.js';
import { HIVE_SUBGROUP_SUFFIX } from './api-groups.js';

export interface SelectionInputs {
  resources: DiscoveredResources;
  /** Resolved local cluster name, `local-cluster` when unknown (§0.5). */
  localClusterName: string;
  /** The BackupSchedule's namespace. */
  backupNamespace: string;
  /** Namespaces of the `charts-v1` Channels: the MultiClusterHub install namespace (§7). */
  mchNamespaces: readonly string[];
}

/** The five schedule types, in creation order (§2.3). */
export const SCHEDULE_TYPES: readonly ResourceType[] = Object.freeze([
  RESOURCE_TYPES.credentials,
  RESOURCE_TYPES.managedClusters,
  RESOURCE_TYPES.resourcesGeneric,
  RESOURCE_TYPES.resources,
  RESOURCE_TYPES.validation,
]);

export const scheduleNameOf = (type: ResourceType): string => SCHEDULE_NAME_BY_TYPE[type];

const exists = (key: string): LabelSelector => ({ matchExpressions: [{ key, operator: 'Exists' }] });
const isHiveSubgroup = (name: string): boolean => name.endsWith(HIVE_SUBGROUP_SUFFIX);
const unique = (values: readonly string[]): string[] => [...new Set(values)];

/** `includedResources` of the managed-clusters schedule. */
export function managedClustersIncluded(resources: DiscoveredResources): string[] {
  return unique([...resources.activation, ...resources.backup.filter(isHiveSubgroup)]);
}

/** `excludedResources` of the generic schedule; `namespace` works around OADP 1.3 ignoring the selector for namespaces. */
export function genericExcluded(resources: DiscoveredResources): string[] {
  return unique(['secret', 'configmap', ...resources.activation, ...resources.backup.filter(isHiveSubgroup), 'namespace']);
}

/** `includedResources` of the resources schedule. */
export function resourcesIncluded(resources: DiscoveredResources): string[] {
  return unique(resources.backup.filter((name) => !isHiveSubgroup(name)));
}

/** The template of one schedule type, without TTL and volume snapshot locations (the builder adds those). */
export function templateFor(type: ResourceType, inputs: SelectionInputs): BackupSpec {
  switch (type) {
    case RESOURCE_TYPES.credentials:
      // The local-cluster namespace is deliberately not excluded here (§7).
      return {
        includeClusterResources: false,
        includedResources: ['secret', 'configmap'],
        orLabelSelectors: CREDENTIALS_BACKUP_LABELS.map(exists),
      };
    case RESOURCE_TYPES.managedClusters:
      return {
        includeClusterResources: true,
        includedResources: managedClustersIncluded(inputs.resources),
        excludedNamespaces: unique([inputs.localClusterName, 'openshift-machine-api']),
      };
    case RESOURCE_TYPES.resourcesGeneric:
      return {
        includeClusterResources: true,
        excludedResources: genericExcluded(inputs.resources),
        labelSelector: exists(LABEL_BACKUP),
      };
    case RESOURCE_TYPES.resources:
      return {
        includeClusterResources: true,
        includedResources: resourcesIncluded(inputs.resources),
        excludedNamespaces: unique([inputs.localClusterName, inputs.backupNamespace, ...inputs.mchNamespaces]),
        labelSelector: {
          matchExpressions: [
            { key: LABEL_ROOT_POLICY, operator: 'DoesNotExist' },
            { key: LABEL_BACKUP, operator: 'DoesNotExist' },
          ],
        },
      };
    case RESOURCE_TYPES.validation:
      return { includedResources: ['BackupSchedule'], includedNamespaces: [inputs.backupNamespace] };
    default:
      throw new Error(`${type} is not a schedule type`);
  }
}

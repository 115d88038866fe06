// The resource selection of the hub backup's velero Schedules (hub-backup.md §2.3–2.4).
export { shouldBackupApiGroup, EXCLUDED_API_GROUPS, INCLUDED_API_GROUPS, EXCLUDED_CRDS, ACTIVATION_RESOURCES, AGENT_INSTALL_GROUP } from './api-groups.js';
export { discoverBackupResources } from './discover.js';
export type { DiscoveredResources } from './discover.js';
export { SCHEDULE_TYPES, scheduleNameOf, templateFor, managedClustersIncluded, genericExcluded, resourcesIncluded } from './templates.js';
export type { SelectionInputs } from './templates.js';
export { gatherSelectionInputs, mchNamespaces } from './inputs.js';

// Propagation of BackupSchedule changes to existing velero Schedules (hub-backup.md §2.6, step 15):
// cron, TTL and pause first; otherwise the resource lists that discovery changed. Everything else
// is set at creation only.
import type { Logger } from 'pino';
import { RESOURCE_TYPES, LABEL_BACKUP_SCHEDULE_TYPE, type BackupSchedule } from '../../api/backup/index.js';
import { SCHEDULES, type Schedule } from '../../api/velero/index.js';
import type { KubeClient } from '../../kube/index.js';
import { parseSpecDuration, sameSpecDuration, veleroTtlOf, type SpecDuration } from '../spec-durations.js';
import { genericExcluded, managedClustersIncluded, resourcesIncluded, type DiscoveredResources } from '../selection/index.js';
import { validationTtl } from './validation-ttl.js';

const typeOf = (s: Schedule): string | undefined => s.metadata.labels?.[LABEL_BACKUP_SCHEDULE_TYPE];
const isValidation = (s: Schedule): boolean => typeOf(s) === RESOURCE_TYPES.validation;
/** Removing veleroTtl sets TTL 0, which Velero treats as its default (§2.6). */
const ZERO_TTL = '0s';

/** Whether a backup schedule's `template.ttl` differs from the wanted TTL; one that does not parse always does. */
function ttlDiffers(schedule: Schedule, want: SpecDuration): boolean {
  if (isValidation(schedule)) return false;
  try {
    return !sameSpecDuration(parseSpecDuration(schedule.spec?.template?.ttl), want);
  } catch {
    return true;
  }
}

/** The spec patch each schedule needs for cron, TTL and pause; empty when none drifted. */
export function specDriftPatches(backupSchedule: BackupSchedule, schedules: readonly Schedule[], nowMs: number): Map<string, object> {
  const cron = backupSchedule.spec.veleroSchedule;
  const paused = backupSchedule.spec.paused === true;
  const wantTtl = veleroTtlOf(backupSchedule.spec);
  const cronChanged = schedules.some((s) => s.spec?.schedule !== cron);
  const ttlChanged = schedules.some((s) => ttlDiffers(s, wantTtl));
  const pausedChanged = schedules.some((s) => (s.spec?.paused === true) !== paused);
  const patches = new Map<string, object>();
  if (!cronChanged && !ttlChanged && !pausedChanged) return patches;
  for (const s of schedules) {
    const template: Record<string, unknown> = {};
    // The validation TTL follows the cron only; a veleroTtl change never touches it (§2.3.1).
    if (isValidation(s)) {
      if (cronChanged) template.ttl = validationTtl(cron, nowMs);
    } else if (ttlChanged) template.ttl = wantTtl.kind === 'set' ? wantTtl.goString : ZERO_TTL;
    const spec: Record<string, unknown> = { schedule: cron, paused };
    if (Object.keys(template).length > 0) spec.template = template;
    patches.set(s.metadata.name ?? '', { spec });
  }
  return patches;
}

const sameSet = (a: readonly string[] | undefined, b: readonly string[]): boolean => {
  const left = new Set(a ?? []);
  return left.size === new Set(b).size && b.every((x) => left.has(x));
};

/** Patches for the three resource lists that follow discovery (§2.6), for the schedules whose list changed. */
export function resourceDriftPatches(schedules: readonly Schedule[], resources: DiscoveredResources): Map<string, object> {
  const patches = new Map<string, object>();
  for (const s of schedules) {
    const template = s.spec?.template ?? {};
    const name = s.metadata.name ?? '';
    switch (typeOf(s)) {
      case RESOURCE_TYPES.resources: {
        const want = resourcesIncluded(resources);
        if (!sameSet(template.includedResources, want)) patches.set(name, { spec: { template: { includedResources: want } } });
        break;
      }
      case RESOURCE_TYPES.resourcesGeneric: {
        const want = genericExcluded(resources);
        if (!sameSet(template.excludedResources, want)) patches.set(name, { spec: { template: { excludedResources: want } } });
        break;
      }
      case RESOURCE_TYPES.managedClusters: {
        const want = managedClustersIncluded(resources);
        if (!sameSet(template.includedResources, want)) patches.set(name, { spec: { template: { includedResources: want } } });
        break;
      }
      default:
        break;
    }
  }
  return patches;
}

export async function applyPatches(client: KubeClient, namespace: string, patches: Map<string, object>, log: Logger, signal?: AbortSignal): Promise<void> {
  for (const [name, patch] of patches) {
    await client.patch(SCHEDULES, name, patch, { type: 'merge', namespace, signal });
    log.info({ schedule: name }, 'velero schedule updated');
  }
}

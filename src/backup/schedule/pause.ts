// Pausing (hub-backup.md §2.2 step 10): every owned velero Schedule gets `spec.paused=true`.
import type { Logger } from 'pino';
import { SCHEDULES, type Schedule } from '../../api/velero/index.js';
import { isNotFound, type KubeClient } from '../../kube/index.js';

/** Returns how many schedules could not be paused; a failed read counts, even NotFound, as upstream counts it. */
export async function pauseSchedules(client: KubeClient, schedules: readonly Schedule[], log: Logger, signal?: AbortSignal): Promise<number> {
  let errors = 0;
  for (const owned of schedules) {
    const name = owned.metadata.name ?? '';
    const namespace = owned.metadata.namespace;
    let fresh: Schedule;
    try {
      fresh = await client.get<Schedule>(SCHEDULES, name, { namespace, signal });
    } catch (err) {
      errors++;
      log.warn({ schedule: name, err: err instanceof Error ? err.message : String(err) }, 'cannot read velero schedule to pause it');
      continue;
    }
    if (fresh.spec?.paused === true) continue;
    try {
      await client.patch(SCHEDULES, name, { spec: { paused: true } }, { type: 'merge', namespace, signal });
      log.info({ schedule: name }, 'velero schedule paused');
    } catch (err) {
      if (isNotFound(err)) continue;
      errors++;
      log.warn({ schedule: name, err: err instanceof Error ? err.message : String(err) }, 'cannot pause velero schedule');
    }
  }
  return errors;
}

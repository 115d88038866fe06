// The MSA part of prepareForBackup (hub-backup.md §2.8 step 1 and §5.1): prepare the imported
// clusters when the option is on and the component is enabled, otherwise clean up.
import type { Logger } from 'pino';
import type { BackupSchedule } from '../../api/backup/index.js';
import type { Clock, KubeClient } from '../../kube/index.js';
import { cleanupMsaArtifacts } from './cleanup.js';
import { isMsaApiServed, isMsaComponentEnabled } from './component.js';
import { prepareImportedClusters } from './imported-clusters.js';
import { msaTokenValidity } from './validity.js';

/** Gives the MSA agent time to write the new token secrets before they are stamped (upstream waits 2 s too). */
export const AFTER_CREATE_PAUSE_MS = 2_000;

export interface MsaPassInput {
  client: KubeClient;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal;
}

export interface MsaPassResult {
  /** useManagedServiceAccount is on and the component is enabled: the token secrets are to be stamped. */
  active: boolean;
  importedClusters: string[];
  createdMsas: number;
  deleted: number;
}

export async function prepareManagedServiceAccounts(input: MsaPassInput, bsch: BackupSchedule): Promise<MsaPassResult> {
  const { client, clock, log, signal } = input;
  const enabled = await isMsaComponentEnabled(client, signal);
  if (bsch.spec.useManagedServiceAccount && enabled) {
    const validity = msaTokenValidity(bsch.spec);
    const prepared = await prepareImportedClusters({ client, validity, nowMs: clock.now(), log, signal });
    if (prepared.createdMsas > 0) await clock.sleep(AFTER_CREATE_PAUSE_MS, signal);
    return { active: true, importedClusters: prepared.importedClusters, createdMsas: prepared.createdMsas, deleted: 0 };
  }
  const none: MsaPassResult = { active: false, importedClusters: [], createdMsas: 0, deleted: 0 };
  if (bsch.spec.useManagedServiceAccount) {
    // Asked for but disabled: keep the MSAs, remove what would re-enable the add-on (PR #1520).
    return { ...none, deleted: await cleanupMsaArtifacts(client, { deleteMsas: false, log, signal }) };
  }
  // Switched off: nothing of ours can exist where the MSA API was never served.
  if (!(await isMsaApiServed(client))) return none;
  return { ...none, deleted: await cleanupMsaArtifacts(client, { deleteMsas: true, log, signal }) };
}

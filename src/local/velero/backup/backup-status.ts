// Writes to the Backup object itself. Velero CRs have no status subresource: status changes are
// JSON merge patches on the main resource (spec/velero.md §1.1).
import type { Logger } from 'pino';
import { BACKUPS } from '../../../api/velero/crds.js';
import type { Backup, BackupProgress } from '../../../api/velero/types.js';
import { isNotFound, type Clock, type KubeClient } from '../../../kube/index.js';
import { isJsonObject } from '../../../util/json.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The RFC 7386 merge patch that turns `from` into `to` (removed keys become null). */
export function mergePatchFrom(from: unknown, to: unknown): Json | undefined {
  if (!isJsonObject(from) || !isJsonObject(to)) {
    return JSON.stringify(from) === JSON.stringify(to) ? undefined : ((to ?? null) as Json);
  }
  const patch: Record<string, Json> = {};
  for (const key of Object.keys(from)) if (!(key in to) || to[key] === undefined) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined) continue;
    const sub = key in from ? mergePatchFrom(from[key], value) : (value as Json);
    if (sub !== undefined) patch[key] = sub;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/**
 * Applies the difference between two states of a Backup. With `optimistic`, the patch carries the
 * resourceVersion it was computed from, so a concurrent change makes it fail with a conflict.
 */
export async function patchBackup(
  client: KubeClient,
  from: Backup,
  to: Backup,
  opts: { optimistic?: boolean; signal?: AbortSignal } = {},
): Promise<Backup | undefined> {
  const patch = mergePatchFrom(from, to);
  if (patch === undefined || !isJsonObject(patch)) return undefined;
  delete (patch as Record<string, Json>).apiVersion;
  delete (patch as Record<string, Json>).kind;
  const meta = isJsonObject(patch.metadata) ? (patch.metadata as Record<string, Json>) : undefined;
  if (meta) {
    for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'name', 'namespace']) delete meta[k];
    if (Object.keys(meta).length === 0) delete (patch as Record<string, Json>).metadata;
  }
  if (opts.optimistic && from.metadata.resourceVersion) {
    (patch as Record<string, Json>).metadata = {
      ...((patch as Record<string, Json>).metadata as Record<string, Json> | undefined),
      resourceVersion: from.metadata.resourceVersion,
    };
  }
  if (Object.keys(patch).length === 0) return undefined;
  return client.patch<Backup>(BACKUPS, from.metadata.name ?? '', patch, { type: 'merge', namespace: from.metadata.namespace, signal: opts.signal });
}

/** Writes a terminal status, retrying transient failures: a finished backup must not stay InProgress. */
export async function patchBackupWithRetries(client: KubeClient, from: Backup, to: Backup, clock: Clock, log: Logger, attempts = 6): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await patchBackup(client, from, to);
      return;
    } catch (err) {
      if (isNotFound(err)) return;
      if (attempt >= attempts) throw err;
      log.warn({ err: err instanceof Error ? err.message : String(err), attempt }, 'updating the Backup failed; retrying');
      await clock.sleep(Math.min(200 * 2 ** attempt, 10_000));
    }
  }
}

/** How runBackup reports on the Backup object while it runs. */
export interface BackupReporter {
  /** After validation: the Backup with its defaults, in phase `InProgress` or `FailedValidation`. */
  started(backup: Backup): Promise<void>;
  /** Periodically while items are written. */
  progress(progress: BackupProgress): Promise<void>;
}

/** Reports by patching the Backup; progress failures are logged, never fatal. */
export function apiBackupReporter(client: KubeClient, original: Backup, log: Logger, signal?: AbortSignal): BackupReporter {
  let current = original;
  return {
    async started(backup) {
      const updated = await patchBackup(client, current, backup, { optimistic: true, signal });
      current = updated ?? backup;
    },
    async progress(progress) {
      try {
        await client.patch(BACKUPS, original.metadata.name ?? '', { status: { progress } }, { type: 'merge', namespace: original.metadata.namespace, signal });
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, "Got error trying to update backup's status.progress");
      }
    },
  };
}

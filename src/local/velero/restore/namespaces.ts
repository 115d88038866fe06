// Target namespaces (spec/velero.md §5.7): created when missing from the backed-up Namespace
// (labels, annotations and spec only, under the target name) or bare, after waiting out a
// namespace that is still terminating. Existing namespaces are never labelled or patched.
import { isAlreadyExists, isNotFound, type Clock, type KubeClient } from '../../../kube/index.js';
import type { ObjectMeta } from '../../../api/meta.js';
import type { Item } from './item-object.js';
import { cloneJson, isJsonObject } from '../../../util/json.js';
import { NAMESPACES } from '../../../kube/index.js';

const POLL_MS = 1000;

export type EnsureOutcome = { ok: true; created: boolean } | { ok: false; error: string };

export interface NamespaceEnsurerOptions {
  client: KubeClient;
  clock: Clock;
  /** How long a terminating namespace may take to disappear (Velero's --terminating-resource-timeout). */
  timeoutMs: number;
  /** The backed-up Namespace object of that name, if the backup has one. */
  backedUp(name: string): Promise<Item | undefined>;
  signal?: AbortSignal;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isTerminating(ns: Item): boolean {
  return ns.metadata?.deletionTimestamp !== undefined || (isJsonObject(ns.status) && ns.status.phase === 'Terminating');
}

/** Ensures each target namespace once per restore; later callers share the first outcome. */
export class NamespaceEnsurer {
  private readonly outcomes = new Map<string, Promise<EnsureOutcome>>();

  constructor(private readonly opts: NamespaceEnsurerOptions) {}

  ensure(originalName: string, targetName: string): Promise<EnsureOutcome> {
    let outcome = this.outcomes.get(targetName);
    if (!outcome) {
      outcome = this.ensureOnce(originalName, targetName);
      this.outcomes.set(targetName, outcome);
    }
    return outcome;
  }

  private async ensureOnce(originalName: string, targetName: string): Promise<EnsureOutcome> {
    const { client, clock, signal } = this.opts;
    const deadline = clock.now() + this.opts.timeoutMs;
    let terminating = false;
    for (;;) {
      let existing: Item | undefined;
      try {
        existing = await client.get<Item>(NAMESPACES, targetName, { signal });
      } catch (err) {
        if (!isNotFound(err)) return { ok: false, error: `error getting namespace ${targetName}: ${errMessage(err)}` };
      }
      if (!existing) break;
      if (!isTerminating(existing)) return { ok: true, created: false };
      terminating = true;
      if (clock.now() >= deadline || signal?.aborted) break;
      await clock.sleep(POLL_MS, signal);
    }
    if (terminating) return { ok: false, error: `timed out waiting for terminating namespace ${targetName} to disappear before restoring` };
    try {
      await client.create(NAMESPACES, await this.namespaceToCreate(originalName, targetName), { signal });
      return { ok: true, created: true };
    } catch (err) {
      if (isAlreadyExists(err)) return { ok: true, created: false };
      return { ok: false, error: `error creating namespace ${targetName}: ${errMessage(err)}` };
    }
  }

  private async namespaceToCreate(originalName: string, targetName: string): Promise<Item> {
    const metadata: ObjectMeta = { name: targetName };
    const ns: Item = { apiVersion: 'v1', kind: 'Namespace', metadata };
    // An unreadable backed-up Namespace is no reason to fail: Velero creates a bare one then.
    const backedUp = await this.opts.backedUp(originalName).catch(() => undefined);
    if (!backedUp) return ns;
    const meta = backedUp.metadata ?? {};
    if (isJsonObject(meta.labels)) metadata.labels = { ...meta.labels };
    if (isJsonObject(meta.annotations)) metadata.annotations = { ...meta.annotations };
    if (isJsonObject(backedUp.spec)) ns.spec = cloneJson(backedUp.spec);
    return ns;
  }
}

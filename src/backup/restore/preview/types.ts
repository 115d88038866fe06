// What `lifeboat restore preview` reports, and what it needs from a Velero-compatible engine.
import type { Backup, PlannedItem, Restore } from '../../../api/velero/index.js';

/** One object in the preview: what kubectl needs to find it. */
export interface PreviewObject {
  apiVersion: string;
  kind: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
  name: string;
  /** For updates: the fields that differ from the backed-up version, as dotted paths. */
  changedPaths?: string[];
}

export interface RestorePreview {
  create: PreviewObject[];
  update: PreviewObject[];
  delete: PreviewObject[];
}

/** What a velero restore would do to one object (the engine's plan mode). */
export type PlannedObject = PlannedItem;

/** Runs one velero restore without writing (the backup read from its storage location). */
export type RestorePlanner = (restore: Restore, backup: Backup) => Promise<PlannedObject[]>;

export type PreviewOutcome =
  | { kind: 'preview'; preview: RestorePreview; /** What the user should know besides the lists. */ notes: string[] }
  /** The Restore would not restore anything: the message it would show. */
  | { kind: 'rejected'; phase: string; message: string };

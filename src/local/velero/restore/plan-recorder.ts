// A restore run without writes (`lifeboat restore preview`): the same selection, item pipeline and
// existing-object comparison as a real restore, with each decision recorded instead of applied.

import type { PlannedItem } from '../../../api/velero/index.js';

export type { PlannedAction, PlannedItem } from '../../../api/velero/index.js';

export class RestorePlanRecorder {
  readonly items: PlannedItem[] = [];

  record(item: PlannedItem): void {
    this.items.push(item);
  }
}

// Which label selectors a backup LISTs with (spec/velero.md §4.7).
import type { LabelSelector } from '../../../api/meta.js';
import { formatLabelSelector } from '../../../kube/index.js';

/**
 * One query string per `orLabelSelectors` entry (their results are unioned), else the single
 * `labelSelector` ('' = everything). Throws InvalidLabelSelectorError for a selector Kubernetes refuses.
 */
export function listSelectors(labelSelector: LabelSelector | null | undefined, orLabelSelectors: readonly LabelSelector[] | null | undefined): string[] {
  if (orLabelSelectors && orLabelSelectors.length > 0) return orLabelSelectors.map((s) => formatLabelSelector(s));
  return [formatLabelSelector(labelSelector)];
}

// Which Namespace objects a backup writes (spec/velero.md §4.6, Velero's "nsTracker"). A namespace
// is written when it passes the namespace filter and either it is Active and selected (by name
// when no label selector narrows a whole-cluster backup, or by its own labels), or some collected
// item lives in it. Lifeboat never writes the Namespace object of an excluded namespace
// (velero-io/velero#9180, fixed upstream in 1.18.1).
import type { LabelSelector } from '../../../api/meta.js';
import { labelSelectorMatches } from '../../../kube/index.js';
import type { NamespaceFilter } from '../filters/namespace-filter.js';
import type { RawObject } from './list-pages.js';

export class NamespaceTracker {
  private readonly tracked = new Set<string>();
  private readonly selectorSet: boolean;

  constructor(
    private readonly filter: NamespaceFilter,
    private readonly labelSelector: LabelSelector | null | undefined,
    private readonly orLabelSelectors: readonly LabelSelector[] | null | undefined,
  ) {
    this.selectorSet = labelSelector != null || (orLabelSelectors?.length ?? 0) > 0;
  }

  /** Decides from the Namespace object itself. */
  considerNamespace(ns: RawObject): void {
    const name = ns.metadata?.name;
    if (!name || !this.filter.shouldInclude(name)) return;
    const phase = (ns.status as { phase?: string } | undefined)?.phase;
    if (phase !== 'Active') return;
    const labels = ns.metadata?.labels;
    if (this.labelSelector != null && labelSelectorMatches(this.labelSelector, labels)) return void this.tracked.add(name);
    if (this.orLabelSelectors?.some((s) => labelSelectorMatches(s, labels))) return void this.tracked.add(name);
    // A label selector over all namespaces keeps only the namespaces it selects something in.
    if (this.filter.includeEverything() && this.selectorSet) return;
    this.tracked.add(name);
  }

  /** A collected item lives in this namespace. */
  trackItemNamespace(namespace: string): void {
    if (namespace && this.filter.shouldInclude(namespace)) this.tracked.add(namespace);
  }

  isTracked(name: string): boolean {
    return this.tracked.has(name);
  }
}

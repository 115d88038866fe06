// metav1.LabelSelector as Velero uses it (spec/velero.md §4.7): turned into the `labelSelector`
// query string of a server-side LIST, and matched in memory where Velero does (namespaces).
import type { LabelSelector, LabelSelectorRequirement } from '../../../api/meta.js';

export class InvalidLabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLabelSelectorError';
  }
}

interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | '=';
  values: string[];
}

function requirementsOf(selector: LabelSelector): Requirement[] {
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key, op: '=', values: [value] });
  for (const expr of selector.matchExpressions ?? []) reqs.push(requirementOf(expr));
  // Kubernetes prints requirements sorted by key (stable for equal keys).
  return reqs
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i))
    .map((x) => x.r);
}

function requirementOf(expr: LabelSelectorRequirement): Requirement {
  const values = [...new Set(expr.values ?? [])].sort();
  switch (expr.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) throw new InvalidLabelSelectorError(`values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`);
      return { key: expr.key, op: expr.operator === 'In' ? 'in' : 'notin', values };
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0)
        throw new InvalidLabelSelectorError(`values: Invalid value: ${JSON.stringify(values)}: values set must be empty for exists and does not exist`);
      return { key: expr.key, op: expr.operator === 'Exists' ? 'exists' : '!', values };
    default:
      throw new InvalidLabelSelectorError(`"${String(expr.operator)}" is not a valid label selector operator`);
  }
}

function formatRequirement(r: Requirement): string {
  switch (r.op) {
    case '=':
      return `${r.key}=${r.values[0]}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.op} (${r.values.join(',')})`;
    case 'exists':
      return r.key;
    case '!':
      return `!${r.key}`;
  }
}

/**
 * The selector as a `labelSelector` query string (`a=b,c in (x,y),!d`); '' selects everything.
 * Throws InvalidLabelSelectorError for selectors Kubernetes would refuse to convert.
 */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  if (!selector) return '';
  return requirementsOf(selector).map(formatRequirement).join(',');
}

/** Standard Kubernetes semantics; a missing selector matches everything, an invalid one nothing. */
export function labelSelectorMatches(selector: LabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  let reqs: Requirement[];
  try {
    reqs = requirementsOf(selector);
  } catch {
    return false;
  }
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case '=':
        return has && l[r.key] === r.values[0];
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      case '!':
        return !has;
    }
  });
}

/**
 * The selectors to LIST with: one per `orLabelSelectors` entry (their results are unioned), else
 * the single `labelSelector` ('' = everything).
 */
export function listSelectors(labelSelector: LabelSelector | null | undefined, orLabelSelectors: readonly LabelSelector[] | null | undefined): string[] {
  if (orLabelSelectors && orLabelSelectors.length > 0) return orLabelSelectors.map((s) => formatLabelSelector(s));
  return [formatLabelSelector(labelSelector)];
}

// Label requirements of the cleanup selectors (hub-backup.md §4.8): written as the `labelSelector`
// string of a server-side LIST, and matched in memory with the same meaning, so that
// `lifeboat restore preview` predicts exactly what the LIST would return after the restore.
// (Kubernetes label-selector semantics; `!=` and `notin` also match objects without the label.)

export type Requirement =
  | { key: string; op: 'exists' | 'notExists' }
  | { key: string; op: 'notEquals'; value: string }
  | { key: string; op: 'in' | 'notIn'; values: readonly string[] };

export const exists = (key: string): Requirement => ({ key, op: 'exists' });
export const notExists = (key: string): Requirement => ({ key, op: 'notExists' });
export const notEquals = (key: string, value: string): Requirement => ({ key, op: 'notEquals', value });
export const notIn = (key: string, values: readonly string[]): Requirement => ({ key, op: 'notIn', values });

function format(r: Requirement): string {
  switch (r.op) {
    case 'exists':
      return r.key;
    case 'notExists':
      return `!${r.key}`;
    case 'notEquals':
      return `${r.key}!=${r.value}`;
    case 'in':
      return `${r.key} in (${r.values.join(',')})`;
    case 'notIn':
      return `${r.key} notin (${r.values.join(',')})`;
  }
}

export function formatSelector(requirements: readonly Requirement[]): string {
  return requirements.map(format).join(',');
}

function matches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case 'exists':
      return has;
    case 'notExists':
      return !has;
    case 'notEquals':
      return !has || labels[r.key] !== r.value;
    case 'in':
      return has && r.values.includes(labels[r.key]);
    case 'notIn':
      return !has || !r.values.includes(labels[r.key]);
  }
}

export function matchesAll(requirements: readonly Requirement[], labels: Readonly<Record<string, string>> | undefined): boolean {
  return requirements.every((r) => matches(r, labels ?? {}));
}

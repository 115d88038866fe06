// Small formatting rules shared by several built-in printers, as kubectl users know them.

import type { LabelSelector } from '../../api/meta.js';
import { formatLabelSelector } from '../../kube/selectors/label-selector.js';
import { ageSince } from './time.js';
import { at, list, rec, str, type Obj } from './unstructured.js';

export function nameOf(obj: Obj): string {
  return str(at(obj, 'metadata', 'name'));
}

export function ageOf(obj: Obj, now: number): string {
  return ageSince(at(obj, 'metadata', 'creationTimestamp'), now);
}

export function isDeleting(obj: Obj): boolean {
  const ts = at(obj, 'metadata', 'deletionTimestamp');
  return ts !== undefined && ts !== null;
}

const ACCESS_MODES: [mode: string, short: string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** helper.GetAccessModesAsString: fixed order, duplicates and unknown modes dropped. */
export function accessModes(modes: unknown): string {
  const present = new Set(list(modes));
  return ACCESS_MODES.filter(([mode]) => present.has(mode))
    .map(([, short]) => short)
    .join(',');
}

/** labels.FormatLabels: `k=v` sorted by key, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  const entries = Object.entries(rec(labels)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length ? entries.map(([k, v]) => `${k}=${str(v)}`).join(',') : '<none>';
}

/** metav1.FormatLabelSelector: `<none>` for a missing or empty selector, `<error>` for a bad one. */
export function formatSelectorObject(selector: unknown): string {
  if (selector === undefined || selector === null) return '<none>';
  try {
    const text = formatLabelSelector(selector as LabelSelector);
    return text || '<none>';
  } catch {
    return '<error>';
  }
}

/** Container names and images, comma-joined. */
export function containerCells(containers: unknown): [names: string, images: string] {
  const cs = list(containers).map(rec);
  return [cs.map((c) => str(c.name)).join(','), cs.map((c) => str(c.image)).join(',')];
}

/** A resource.Quantity as stored; an absent one is zero. */
export function quantity(v: unknown): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  return '0';
}

/** net.JoinHostPort: IPv6 addresses get brackets. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

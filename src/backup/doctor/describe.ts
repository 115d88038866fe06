// Small phrasing helpers so every reason names objects and ages the same way.

import type { KubeObject } from '../../kube/index.js';

export function nameOf(obj: KubeObject): string {
  return obj.metadata?.name ?? '(unnamed)';
}

export function qualifiedName(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${nameOf(obj)}` : nameOf(obj);
}

/** `3h5m`, `42s`, `2d4h`: precise enough to act on, short enough for a table cell. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  const d = Math.floor(h / 24);
  return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
}

/** Parses an RFC3339 time; undefined when absent or unparsable. */
export function timeOf(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

/** Lists a few names, then says how many more, so one reason line stays readable. */
export function listNames(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

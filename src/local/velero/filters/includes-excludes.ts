// Velero's include/exclude lists (spec/velero.md §4.2–4.5): entries are glob patterns, an empty
// include list or a `*` include means everything, and an exclude match always wins.
import { globMatches } from './glob.js';

export class IncludesExcludes {
  readonly includes: readonly string[];
  readonly excludes: readonly string[];

  constructor(includes: Iterable<string> = [], excludes: Iterable<string> = []) {
    // Velero keeps both lists as sorted sets; messages and logs show them that way.
    this.includes = [...new Set(includes)].sort();
    this.excludes = [...new Set(excludes)].sort();
  }

  shouldInclude(value: string): boolean {
    if (this.isExcluded(value)) return false;
    return this.includes.length === 0 || this.includes.includes('*') || matchesAny(this.includes, value);
  }

  isExcluded(value: string): boolean {
    return matchesAny(this.excludes, value);
  }

  isIncluded(value: string): boolean {
    return matchesAny(this.includes, value);
  }

  /** Includes empty or exactly `*`, and no excludes. */
  includeEverything(): boolean {
    return this.excludes.length === 0 && (this.includes.length === 0 || (this.includes.length === 1 && this.includes[0] === '*'));
  }

  /** `a, b` or `*` — as Velero logs the include list. */
  includesString(): string {
    return this.includes.length === 0 ? '*' : this.includes.join(', ');
  }

  /** `a, b` or `<none>` — as Velero logs the exclude list. */
  excludesString(): string {
    return this.excludes.length === 0 ? '<none>' : this.excludes.join(', ');
  }
}

export function matchesAny(patterns: readonly string[], value: string): boolean {
  for (const p of patterns) if (p === value || globMatches(p, value)) return true;
  return false;
}

function sortedSet(list: readonly string[] | undefined): string[] {
  return [...new Set(list ?? [])].sort();
}

function overlapErrors(includes: string[], excludes: string[]): string[] {
  const inc = new Set(includes);
  return excludes.filter((x) => inc.has(x)).map((x) => `excludes list cannot contain an item in the includes list: ${x}`);
}

/** Velero's checks of the old resource lists and of namespace lists, with its messages. */
export function validateIncludesExcludes(includesList: readonly string[] | undefined, excludesList: readonly string[] | undefined): string[] {
  const includes = sortedSet(includesList);
  const excludes = sortedSet(excludesList);
  const errs: string[] = [];
  if (includes.length > 1 && includes.includes('*')) errs.push("includes list must either contain '*' only, or a non-empty list of items");
  if (excludes.includes('*')) errs.push("excludes list cannot contain '*'");
  errs.push(...overlapErrors(includes, excludes));
  return errs;
}

/** Velero's checks of the scoped (cluster / namespace) resource lists, where `*` may be excluded. */
export function validateScopedIncludesExcludes(includesList: readonly string[] | undefined, excludesList: readonly string[] | undefined): string[] {
  const includes = sortedSet(includesList);
  const excludes = sortedSet(excludesList);
  const errs: string[] = [];
  if (includes.length > 1 && includes.includes('*')) errs.push("includes list must either contain '*' only, or a non-empty list of items");
  if (excludes.length > 1 && excludes.includes('*')) errs.push("excludes list must either contain '*' only, or a non-empty list of items");
  if (includes.length > 0 && excludes.includes('*')) errs.push("when exclude is '*', include cannot have value");
  errs.push(...overlapErrors(includes, excludes));
  return errs;
}

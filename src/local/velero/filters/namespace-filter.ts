// The namespace filter (spec/velero.md §4.5): includedNamespaces / excludedNamespaces with glob
// patterns. A backup expands patterns against the namespaces that exist (Velero 1.18+), so that
// LISTs go to real namespaces and a pattern matching nothing includes nothing; a restore matches
// the patterns directly.
import { compileGlob } from './glob.js';
import { IncludesExcludes, validateIncludesExcludes } from './includes-excludes.js';

export class NamespaceFilter {
  private readonly lists: IncludesExcludes;

  /**
   * @param wildcardExpanded the lists are the result of expansion, so an empty include list means
   *   "nothing matched", not "everything".
   */
  constructor(
    includes: Iterable<string> = [],
    excludes: Iterable<string> = [],
    readonly wildcardExpanded = false,
  ) {
    this.lists = new IncludesExcludes(includes, excludes);
  }

  /** The backup-side filter: patterns resolved against the existing namespaces when needed. */
  static forBackup(includes: readonly string[], excludes: readonly string[], existingNamespaces: readonly string[]): NamespaceFilter {
    if (!shouldExpandWildcards(includes, excludes)) return new NamespaceFilter(includes, excludes);
    return new NamespaceFilter(expandNamespacePatterns(includes, existingNamespaces), expandNamespacePatterns(excludes, existingNamespaces), true);
  }

  get includes(): readonly string[] {
    return this.lists.includes;
  }

  get excludes(): readonly string[] {
    return this.lists.excludes;
  }

  shouldInclude(namespace: string): boolean {
    if (this.wildcardExpanded && this.lists.includes.length === 0) return false;
    return this.lists.shouldInclude(namespace);
  }

  includeEverything(): boolean {
    return this.lists.includeEverything();
  }

  /** Namespaces to LIST in: `['']` for one cluster-wide LIST, else each included namespace not excluded. */
  namespacesToList(): string[] {
    if (this.shouldInclude('*')) return [''];
    return this.lists.includes.filter((ns) => this.shouldInclude(ns));
  }

  includesString(): string {
    return this.lists.includesString();
  }

  excludesString(): string {
    return this.lists.excludesString();
  }
}

/** Whether `namespace` passes the lists (patterns matched directly, no expansion). */
export function namespaceMatches(namespace: string, includes: readonly string[] = [], excludes: readonly string[] = []): boolean {
  return new NamespaceFilter(includes, excludes).shouldInclude(namespace);
}

function hasWildcard(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/** Expansion happens only for specific include lists (not empty, not `*`) with a pattern somewhere. */
export function shouldExpandWildcards(includes: readonly string[], excludes: readonly string[]): boolean {
  if (includes.length === 0 || includes.includes('*')) return false;
  return includes.some(hasWildcard) || excludes.some(hasWildcard);
}

/** Literal names kept as they are, patterns replaced by the existing namespaces they match; sorted. */
export function expandNamespacePatterns(patterns: readonly string[], existingNamespaces: readonly string[]): string[] {
  const out = new Set<string>();
  for (const pattern of patterns) {
    if (!hasWildcard(pattern)) {
      out.add(pattern);
      continue;
    }
    const re = compileGlob(pattern);
    if (!re) continue;
    for (const ns of existingNamespaces) if (re.test(ns)) out.add(ns);
  }
  return [...out].sort();
}

// ---------------------------------------------------------------------------------------------
// Validation (§1.5): the messages are Velero's; the controller prefixes them with
// `Invalid included/excluded namespace lists: `.

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
// apimachinery's text, including its double space after the first example.
const DNS1123_LABEL_MSG = `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL_FMT}')`;

function wildcardPatternError(pattern: string): string | undefined {
  if (/[|()!{},]/.test(pattern)) return 'wildcard pattern contains unsupported characters: |, (, ), !, {, }, ,';
  if (pattern.includes('**')) return 'wildcard pattern contains consecutive asterisks (only single * allowed)';
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === ']') return "wildcard pattern contains unmatched closing bracket ']'";
    if (pattern[i] !== '[') continue;
    const close = pattern.indexOf(']', i + 1);
    if (close < 0) return "wildcard pattern contains unclosed bracket '['";
    if (close === i + 1) return "wildcard pattern contains empty bracket pattern '[]'";
    i = close;
  }
  return undefined;
}

/** Problems with one includedNamespaces / excludedNamespaces entry. */
export function validateNamespaceName(namespace: string): string[] {
  if (namespace === '') return []; // Velero reads "" as "no namespace"
  const patternError = wildcardPatternError(namespace);
  if (patternError) return [patternError];
  const probe = namespace.replace(/[*?[\]]/g, 'x');
  const errs: string[] = [];
  if (probe.length > 63) errs.push(`invalid namespace "${namespace}": must be no more than 63 characters`);
  if (!DNS1123_LABEL_RE.test(probe)) errs.push(`invalid namespace "${namespace}": ${DNS1123_LABEL_MSG}`);
  return errs;
}

export function validateNamespaceIncludesExcludes(includes: readonly string[] | undefined, excludes: readonly string[] | undefined): string[] {
  const errs = validateIncludesExcludes(includes, excludes);
  for (const ns of [...new Set(includes ?? [])].sort()) errs.push(...validateNamespaceName(ns));
  for (const ns of [...new Set(excludes ?? [])].sort()) errs.push(...validateNamespaceName(ns));
  return errs;
}

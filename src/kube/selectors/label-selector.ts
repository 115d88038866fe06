// Label selectors in both forms: the `labelSelector` query string and metav1.LabelSelector objects,
// turned into one list of requirements that is matched against labels and printed back as
// Kubernetes prints it. The parser follows apimachinery's labels.Parse step by step because kubectl
// shows the server's error text verbatim, so a bad selector must fail with the same words.

import type { LabelSelector } from '../../api/meta.js';
import { scanLabelSelector, type LabelToken, type ScannedItem } from './label-lexer.js';
import {
  InvalidLabelSelectorError,
  formatRequirement,
  keyError,
  matchesRequirement,
  newRequirement,
  type LabelOperator,
  type LabelRequirement,
} from './label-requirement.js';

export { InvalidLabelSelectorError } from './label-requirement.js';
export type { LabelOperator, LabelRequirement } from './label-requirement.js';

// Parse errors inside a requirement get "unable to parse requirement: " prepended, others don't.
class ParseError extends Error {}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

class Parser {
  private position = 0;
  constructor(private readonly items: ScannedItem[]) {}

  // In value position "in"/"notin" are ordinary words: `x in (in)` is legal.
  private lookahead(keywords: boolean): ScannedItem {
    return this.asContext(this.items[this.position], keywords);
  }

  private consume(keywords: boolean): ScannedItem {
    return this.asContext(this.items[this.position++], keywords);
  }

  private asContext(item: ScannedItem, keywords: boolean): ScannedItem {
    if (!keywords && (item.token === 'in' || item.token === 'notin')) return { token: 'identifier', literal: item.literal };
    return item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { token, literal } = this.lookahead(false);
      if (token === 'end') return requirements;
      if (token !== 'identifier' && token !== '!') {
        throw new ParseError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof ParseError || e instanceof InvalidLabelSelectorError) {
          throw new ParseError(`unable to parse requirement: ${e.message}`);
        }
        throw e;
      }
      const next = this.consume(false);
      if (next.token === 'end') return requirements;
      if (next.token !== ',') throw new ParseError(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead(false);
      if (after.token !== 'identifier' && after.token !== '!') {
        throw new ParseError(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    let operator: LabelOperator | undefined;
    let item = this.consume(false);
    if (item.token === '!') {
      operator = '!';
      item = this.consume(false);
    }
    if (item.token !== 'identifier') throw new ParseError(`found '${item.literal}', expected: identifier`);
    const key = item.literal;
    // The parser validates keys with no field path, which Go prints as "<nil>".
    const kErr = keyError(key, '<nil>');
    if (kErr) throw new ParseError(kErr);
    const follow = this.lookahead(false).token;
    if (follow === 'end' || follow === ',') operator ??= 'exists';
    // `!key` followed by anything else still ends here; the caller then rejects what follows.
    if (operator === 'exists' || operator === '!') return newRequirement(key, operator, []);

    const op = this.parseOperator();
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    // sets.String.List(): unique and sorted.
    return newRequirement(key, op, [...values].sort());
  }

  private parseOperator(): LabelOperator {
    const { token, literal } = this.consume(true);
    const ops: Partial<Record<LabelToken, LabelOperator>> = {
      in: 'in',
      notin: 'notin',
      '=': '=',
      '==': '==',
      '!=': '!=',
      '>': 'gt',
      '<': 'lt',
    };
    const op = ops[token];
    if (!op) throw new ParseError(`found '${literal}', expected: ${BINARY_OPERATORS}`);
    return op;
  }

  private parseValues(): Set<string> {
    const open = this.consume(false);
    // No comma after "found '...'" here: upstream's message is worded this way.
    if (open.token !== '(') throw new ParseError(`found '${open.literal}' expected: '('`);
    const first = this.lookahead(false);
    if (first.token === 'identifier' || first.token === ',') {
      const values = this.parseIdentifiersList();
      // Upstream quotes the token that followed '(' rather than the offending one.
      if (this.consume(false).token !== ')') throw new ParseError(`found '${first.literal}', expected: ')'`);
      return values;
    }
    if (first.token === ')') {
      this.consume(false);
      return new Set(['']);
    }
    throw new ParseError(`found '${first.literal}', expected: ',', ')' or identifier`);
  }

  // Empty entries are legal and mean the empty value: "(,a)", "(a,,b)", "(a,)".
  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { token, literal } = this.consume(false);
      if (token === 'identifier') {
        values.add(literal);
        const next = this.lookahead(false);
        if (next.token === ',') continue;
        if (next.token === ')') return values;
        throw new ParseError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token === ',') {
        if (values.size === 0) values.add('');
        const next = this.lookahead(false).token;
        if (next === ')') {
          values.add('');
          return values;
        }
        if (next === ',') {
          this.consume(false);
          values.add('');
        }
        continue;
      }
      throw new ParseError(`found '${literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead(false).token;
    if (next === 'end' || next === ',') return new Set(['']);
    const { token, literal } = this.consume(false);
    if (token === 'identifier') return new Set([literal]);
    throw new ParseError(`found '${literal}', expected: identifier`);
  }
}

function byKey(requirements: LabelRequirement[]): LabelRequirement[] {
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Parses a `labelSelector` query string (already URL-decoded) into requirements sorted by key; an
 * empty string selects everything. Throws InvalidLabelSelectorError with the API server's text.
 */
export function parseLabelSelector(text: string): LabelRequirement[] {
  try {
    return byKey(new Parser(scanLabelSelector(text)).parse());
  } catch (e) {
    if (e instanceof ParseError) throw new InvalidLabelSelectorError(e.message);
    throw e;
  }
}

/** AND of the requirements; none matches everything. */
export function matchesLabels(requirements: readonly LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const set = labels ?? {};
  return requirements.every((r) => matchesRequirement(r, set));
}

const OBJECT_OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * metav1.LabelSelectorAsSelector: the requirements sorted by key; an empty object selects
 * everything. Invalid keys, values or operators throw InvalidLabelSelectorError with upstream's text.
 */
export function labelSelectorFromObject(selector: LabelSelector): LabelRequirement[] {
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) requirements.push(newRequirement(key, '=', [value]));
  for (const expr of selector.matchExpressions ?? []) {
    const op = OBJECT_OPERATORS[expr.operator];
    if (!op) throw new InvalidLabelSelectorError(`"${String(expr.operator)}" is not a valid label selector operator`);
    requirements.push(newRequirement(expr.key, op, expr.values));
  }
  return byKey(requirements);
}

/** Selector.String(): the query-string form, e.g. `app=web,tier in (a,b),!legacy`. */
export function formatRequirements(requirements: readonly LabelRequirement[]): string {
  return requirements.map(formatRequirement).join(',');
}

// An optional selector field (Velero's labelSelector, a Restore's cleanup) that is missing filters
// nothing, unlike LabelSelectorAsSelector(nil), which selects nothing.

/** The object as a `labelSelector` query string; '' for a missing selector. Throws when invalid. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  return selector ? formatRequirements(labelSelectorFromObject(selector)) : '';
}

/** Whether labels satisfy an optional selector: a missing one matches everything, an invalid one nothing. */
export function labelSelectorMatches(selector: LabelSelector | null | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  let requirements: LabelRequirement[];
  try {
    requirements = labelSelectorFromObject(selector);
  } catch {
    return false;
  }
  return matchesLabels(requirements, labels);
}

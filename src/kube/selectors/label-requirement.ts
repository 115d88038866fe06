// One term of a label selector: construction with apimachinery's validation (labels.NewRequirement),
// matching and rendering. The parser and the metav1.LabelSelector converter both build through here
// so their error texts agree with the real server's.

import { labelValueErrors, qualifiedNameErrors } from './label-validation.js';

/** apimachinery `selection.Operator` values; `!` is DoesNotExist, `gt`/`lt` are `>`/`<`. */
export type LabelOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

/** A selector Kubernetes refuses; `message` is the API server's text, word for word. */
export class InvalidLabelSelectorError extends Error {
  override readonly name = 'InvalidLabelSelectorError';
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
export function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

// Go's %q and %#v renderings of the bad value inside a field.Error message.
function goQuote(s: string): string {
  return JSON.stringify(s);
}

function goStringSlice(values: readonly string[] | undefined): string {
  if (!values || values.length === 0) return values ? '[]string{}' : '[]string(nil)';
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

function invalid(field: string, rendered: string, detail: string): string {
  return `${field}: Invalid value: ${rendered}: ${detail}`;
}

// utilerrors.NewAggregate(...).Error(): one error alone, several deduplicated inside brackets.
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** The field error for a bad key; `field` is `<nil>` when the parser checks it (no field path). */
export function keyError(key: string, field: string): string | undefined {
  const errs = qualifiedNameErrors(key);
  return errs.length ? invalid(field, goQuote(key), errs.join('; ')) : undefined;
}

/**
 * Builds a requirement, validating like labels.NewRequirement. `values` is kept as given (nil vs
 * empty matters only for the error text, so `undefined` renders as Go's nil slice).
 */
export function newRequirement(key: string, operator: LabelOperator, values: readonly string[] | undefined): LabelRequirement {
  const errs: string[] = [];
  const vals = values ?? [];
  const kErr = keyError(key, 'key');
  if (kErr) errs.push(kErr);
  switch (operator) {
    case 'in':
    case 'notin':
      if (vals.length === 0) errs.push(invalid('values', goStringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1) errs.push(invalid('values', goStringSlice(values), 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) errs.push(invalid('values', goStringSlice(values), 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) errs.push(invalid('values', goStringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(invalid(`values[${i}]`, goQuote(v), "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
  }
  vals.forEach((v, i) => {
    const vErrs = labelValueErrors(v);
    if (vErrs.length) errs.push(invalid(`values[${i}][${key}]`, goQuote(v), vErrs.join('; ')));
  });
  if (errs.length) throw new InvalidLabelSelectorError(aggregate(errs));
  return { key, operator, values: [...vals] };
}

export function matchesRequirement(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value as string);
    case 'notin':
    case '!=':
      // Absent keys satisfy negative requirements, as upstream documents.
      return !has || !r.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const actual = parseInt64(value as string);
      const bound = parseInt64(r.values[0]);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

const OPERATOR_TEXT: Record<LabelOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

export function formatRequirement(r: LabelRequirement): string {
  const head = (r.operator === '!' ? '!' : '') + r.key;
  if (r.operator === 'exists' || r.operator === '!') return head;
  // Sorting only the rendering keeps the output stable without touching the requirement.
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort().join(',');
  const body = r.operator === 'in' || r.operator === 'notin' ? `(${values})` : values;
  return head + OPERATOR_TEXT[r.operator] + body;
}

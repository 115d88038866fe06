// Field selectors (`fieldSelector` parameter), parsed like apimachinery's fields.ParseSelector so
// malformed input fails with the server's wording, and checked against the field labels a kind
// supports the way the apiserver's ConvertFieldLabel step does.

import { badRequest } from '../errors.js';
import { usesDefaultFieldLabelConversion } from './field-labels.js';

export { fieldLabelsFor, selectableFieldsLookup, type FieldLabels } from './field-labels.js';

export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  /** Unescaped value. */
  value: string;
}

// A backslash protects the next character, so "\," does not end a term; the escape stays in the
// term for unescapeValue to deal with.
function splitTerms(text: string): string[] {
  if (text.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

// The first operator occurrence splits the term; "!=" and "==" are tried before "=" so the value
// doesn't keep a stray "=".
function splitTerm(term: string): [string, FieldRequirement['operator'], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let escaped = false;
  for (const c of s) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      // Upstream formats the rune with %v, which prints its code point (61 for '=').
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Parses the `fieldSelector` query parameter (already URL-decoded). Throws 400 BadRequest. */
export function parseFieldSelector(text: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  // Upstream sorts the raw terms, which decides which bad label is reported first.
  for (const part of splitTerms(text).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const [field, operator, raw] = split;
    reqs.push({ field, operator, value: unescapeValue(raw) });
  }
  return reqs;
}

/** A missing field compares as the empty string, as upstream's fields.Set.Get does. */
export function matchesFields(reqs: readonly FieldRequirement[], lookup: (field: string) => string | undefined): boolean {
  return reqs.every((r) => {
    const actual = lookup(r.field) ?? '';
    return r.operator === '!=' ? actual !== r.value : actual === r.value;
  });
}

/**
 * Rejects a label outside `supported` with 400 BadRequest. `resource` is the plural (optionally
 * `plural.group`): built-ins served through apimachinery's default conversion answer with its own
 * wording, everything else (kinds with their own field labels, custom resources) with
 * `field label not supported: <x>`.
 */
export function checkFieldLabels(reqs: readonly FieldRequirement[], supported: ReadonlySet<string>, resource: string): void {
  for (const r of reqs) {
    if (supported.has(r.field)) continue;
    if (usesDefaultFieldLabelConversion(resource)) {
      throw badRequest(`${JSON.stringify(r.field)} is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    throw badRequest(`field label not supported: ${r.field}`);
  }
}

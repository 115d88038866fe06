// Tokenizer for label selectors, splitting text where apimachinery's lexer does so that the
// literals quoted in error messages ("found 'x', expected: ...") are the same ones.

export type LabelToken = 'end' | 'error' | 'identifier' | 'in' | 'notin' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<';

export interface ScannedItem {
  token: LabelToken;
  literal: string;
}

const SYMBOLS: ReadonlyMap<string, LabelToken> = new Map<string, LabelToken>([
  ['(', '('],
  [')', ')'],
  [',', ','],
  ['!', '!'],
  ['=', '='],
  ['==', '=='],
  ['!=', '!='],
  ['>', '>'],
  ['<', '<'],
]);

function isWhitespace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

function isSpecial(ch: string): boolean {
  return '=!(),><'.includes(ch);
}

/** Every token of `text`, ending with an `end` token. */
export function scanLabelSelector(text: string): ScannedItem[] {
  const items: ScannedItem[] = [];
  let pos = 0;
  // Upstream reads bytes and treats NUL as end of input; a NUL inside the text ends it the same way.
  const at = (i: number): string => (i < text.length && text[i] !== '\0' ? text[i] : '');
  for (;;) {
    while (at(pos) !== '' && isWhitespace(at(pos))) pos++;
    const ch = at(pos);
    if (ch === '') {
      items.push({ token: 'end', literal: '' });
      return items;
    }
    if (isSpecial(ch)) {
      // Longest run of symbol characters that is still a known operator ("!=" but "!" + "(").
      let buffer = '';
      let last: ScannedItem | undefined;
      while (at(pos) !== '' && isSpecial(at(pos))) {
        const next = buffer + at(pos);
        const token = SYMBOLS.get(next);
        if (token) {
          last = { token, literal: next };
        } else if (last) {
          break;
        }
        buffer = next;
        pos++;
      }
      items.push(last ?? { token: 'error', literal: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let word = '';
    while (at(pos) !== '' && !isSpecial(at(pos)) && !isWhitespace(at(pos))) word += text[pos++];
    items.push({ token: word === 'in' || word === 'notin' ? word : 'identifier', literal: word });
  }
}

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LabelSelector } from '../../api/meta.js';
import { InvalidLabelSelectorError, formatRequirements, labelSelectorFromObject, matchesLabels, parseLabelSelector } from './label-selector.js';

const NAME_REGEX_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_REGEX_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function rejects(text: string, message: string): void {
  assert.throws(
    () => parseLabelSelector(text),
    (e: unknown) => {
      // The hub answers these as 400 BadRequest with the same message (src/hub/rest/object-filter.test.ts).
      assert.ok(e instanceof InvalidLabelSelectorError);
      assert.equal(e.message, message);
      return true;
    },
  );
}

function objectRejects(s: LabelSelector, message: string): void {
  assert.throws(
    () => labelSelectorFromObject(s),
    (e: unknown) => e instanceof InvalidLabelSelectorError && e.message === message,
  );
}

describe('parseLabelSelector', () => {
  it('parses every operator form', () => {
    assert.deepEqual(parseLabelSelector('a=b'), [{ key: 'a', operator: '=', values: ['b'] }]);
    assert.deepEqual(parseLabelSelector('a==b'), [{ key: 'a', operator: '==', values: ['b'] }]);
    assert.deepEqual(parseLabelSelector('a!=b'), [{ key: 'a', operator: '!=', values: ['b'] }]);
    assert.deepEqual(parseLabelSelector('a in (y,x)'), [{ key: 'a', operator: 'in', values: ['x', 'y'] }]);
    assert.deepEqual(parseLabelSelector('a notin (x)'), [{ key: 'a', operator: 'notin', values: ['x'] }]);
    assert.deepEqual(parseLabelSelector('a'), [{ key: 'a', operator: 'exists', values: [] }]);
    assert.deepEqual(parseLabelSelector('!a'), [{ key: 'a', operator: '!', values: [] }]);
    assert.deepEqual(parseLabelSelector('a>5'), [{ key: 'a', operator: 'gt', values: ['5'] }]);
    assert.deepEqual(parseLabelSelector('a<5'), [{ key: 'a', operator: 'lt', values: ['5'] }]);
  });

  it('treats the empty selector as everything', () => {
    assert.deepEqual(parseLabelSelector(''), []);
    assert.deepEqual(parseLabelSelector('  \t'), []);
    assert.equal(matchesLabels(parseLabelSelector(''), undefined), true);
    assert.equal(matchesLabels(parseLabelSelector(''), { any: 'thing' }), true);
  });

  it('tolerates whitespace and sorts requirements by key', () => {
    const sel = parseLabelSelector('  z = 1 ,  a  in ( y , x ) , ! m ');
    assert.deepEqual(sel, [
      { key: 'a', operator: 'in', values: ['x', 'y'] },
      { key: 'm', operator: '!', values: [] },
      { key: 'z', operator: '=', values: ['1'] },
    ]);
  });

  it('accepts empty values in exact and set forms', () => {
    assert.deepEqual(parseLabelSelector('a='), [{ key: 'a', operator: '=', values: [''] }]);
    assert.deepEqual(parseLabelSelector('a=,b'), [
      { key: 'a', operator: '=', values: [''] },
      { key: 'b', operator: 'exists', values: [] },
    ]);
    assert.deepEqual(parseLabelSelector('a in ()')[0].values, ['']);
    assert.deepEqual(parseLabelSelector('a in (,b)')[0].values, ['', 'b']);
    assert.deepEqual(parseLabelSelector('a in (b,)')[0].values, ['', 'b']);
    assert.deepEqual(parseLabelSelector('a in (b,,c)')[0].values, ['', 'b', 'c']);
  });

  it('deduplicates set values', () => {
    assert.deepEqual(parseLabelSelector('a in (x,x,y)')[0].values, ['x', 'y']);
  });

  it('reads "in" and "notin" as plain words in key and value positions', () => {
    assert.deepEqual(parseLabelSelector('in in (in,notin)'), [{ key: 'in', operator: 'in', values: ['in', 'notin'] }]);
    assert.deepEqual(parseLabelSelector('notin=in'), [{ key: 'notin', operator: '=', values: ['in'] }]);
  });

  it('accepts prefixed keys', () => {
    assert.deepEqual(parseLabelSelector('app.kubernetes.io/name=web'), [{ key: 'app.kubernetes.io/name', operator: '=', values: ['web'] }]);
  });

  it('accepts a selector decoded from a form-encoded query string', () => {
    const q = new URLSearchParams('labelSelector=app+in+%28a%2Cb%29%2C%21legacy%2Ctier%21%3Dfront');
    const sel = parseLabelSelector(q.get('labelSelector') ?? '');
    assert.deepEqual(sel, [
      { key: 'app', operator: 'in', values: ['a', 'b'] },
      { key: 'legacy', operator: '!', values: [] },
      { key: 'tier', operator: '!=', values: ['front'] },
    ]);
  });

  it('rejects structural errors with upstream wording', () => {
    rejects('a=b,', "found '', expected: identifier after ','");
    rejects('a=b,,c', "found ',', expected: identifier after ','");
    rejects('a=b c', "found 'c', expected: ',' or 'end of string'");
    rejects('=b', "found '=', expected: !, identifier, or 'end of string'");
    rejects(',a', "found ',', expected: !, identifier, or 'end of string'");
    rejects('!a=b', "found '=', expected: ',' or 'end of string'");
    rejects('a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
    rejects('a in', "unable to parse requirement: found '' expected: '('");
    rejects('a in x', "unable to parse requirement: found 'x' expected: '('");
    rejects('a in (x', "unable to parse requirement: found '', expected: ',' or ')'");
    rejects('a in (x y)', "unable to parse requirement: found 'y', expected: ',' or ')'");
    rejects('a in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier");
    rejects('a in (x,=)', "unable to parse requirement: found '=', expected: ',', or identifier");
    rejects('a=(b)', "unable to parse requirement: found '(', expected: identifier");
    rejects('!', "unable to parse requirement: found '', expected: identifier");
    rejects('a==b==c', "found '==', expected: ',' or 'end of string'");
  });

  it('rejects bad keys with the validation message and a <nil> field path', () => {
    rejects('a.=b', `unable to parse requirement: <nil>: Invalid value: "a.": name part ${NAME_REGEX_ERR}`);
    rejects(
      'a/b/c',
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ${NAME_REGEX_ERR} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
    rejects(
      'Example.com/a',
      `unable to parse requirement: <nil>: Invalid value: "Example.com/a": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    rejects('/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty');
    rejects('x.io/', `unable to parse requirement: <nil>: Invalid value: "x.io/": name part must be non-empty; name part ${NAME_REGEX_ERR}`);
    const long = 'k'.repeat(64);
    rejects(long, `unable to parse requirement: <nil>: Invalid value: "${long}": name part must be no more than 63 characters`);
    assert.equal(parseLabelSelector('k'.repeat(63)).length, 1);
  });

  it('rejects bad values under values[i][key]', () => {
    rejects('a=-x', `unable to parse requirement: values[0][a]: Invalid value: "-x": ${VALUE_REGEX_ERR}`);
    const long = 'v'.repeat(64);
    rejects(`a=${long}`, `unable to parse requirement: values[0][a]: Invalid value: "${long}": must be no more than 63 characters`);
    assert.equal(parseLabelSelector(`a=${'v'.repeat(63)}`).length, 1);
    // The index is into the sorted, deduplicated values.
    rejects('a in (z/c,ok)', `unable to parse requirement: values[1][a]: Invalid value: "z/c": ${VALUE_REGEX_ERR}`);
  });

  it('requires integers for > and <', () => {
    rejects('a>x', `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`);
    rejects('a<', `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`);
    // A negative bound parses as an integer but is not a valid label value.
    rejects('a>-1', `unable to parse requirement: values[0][a]: Invalid value: "-1": ${VALUE_REGEX_ERR}`);
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'front', n: '10' };
  const m = (text: string, l: Record<string, string> = labels) => matchesLabels(parseLabelSelector(text), l);

  it('matches equality forms', () => {
    assert.equal(m('app=web'), true);
    assert.equal(m('app==web'), true);
    assert.equal(m('app=api'), false);
    assert.equal(m('missing='), false);
    assert.equal(m('app!=api'), true);
    assert.equal(m('app!=web'), false);
  });

  it('lets != and notin match objects without the key', () => {
    assert.equal(m('missing!=x'), true);
    assert.equal(m('missing notin (x)'), true);
    assert.equal(matchesLabels(parseLabelSelector('missing!=x'), undefined), true);
    assert.equal(m('missing in (x)'), false);
  });

  it('matches set forms', () => {
    assert.equal(m('app in (api,web)'), true);
    assert.equal(m('app in (api)'), false);
    assert.equal(m('app notin (api)'), true);
    assert.equal(m('app notin (web)'), false);
  });

  it('matches existence', () => {
    assert.equal(m('app'), true);
    assert.equal(m('missing'), false);
    assert.equal(m('!missing'), true);
    assert.equal(m('!app'), false);
    assert.equal(matchesLabels(parseLabelSelector('app'), undefined), false);
  });

  it('compares integers for > and <', () => {
    assert.equal(m('n>9'), true);
    assert.equal(m('n>10'), false);
    assert.equal(m('n<11'), true);
    assert.equal(m('n<10'), false);
    assert.equal(m('app>1'), false, 'non-numeric label never matches');
    assert.equal(m('missing<100'), false);
    // int64 precision, beyond what a double holds exactly.
    assert.equal(m('n>9007199254740992', { n: '9007199254740993' }), true);
    assert.equal(m('n>1', { n: '99999999999999999999' }), false, 'out of int64 range');
  });

  it('ANDs requirements', () => {
    assert.equal(m('app=web,tier=front'), true);
    assert.equal(m('app=web,tier=back'), false);
  });
});

describe('labelSelectorFromObject and formatRequirements', () => {
  it('converts matchLabels and matchExpressions', () => {
    const sel = labelSelectorFromObject({
      matchLabels: { b: '2', a: '1' },
      matchExpressions: [
        { key: 'c', operator: 'In', values: ['y', 'x'] },
        { key: 'd', operator: 'NotIn', values: ['z'] },
        { key: 'e', operator: 'Exists' },
        { key: 'f', operator: 'DoesNotExist' },
      ],
    });
    assert.equal(formatRequirements(sel), 'a=1,b=2,c in (x,y),d notin (z),e,!f');
    assert.equal(matchesLabels(sel, { a: '1', b: '2', c: 'x', e: '' }), true);
    assert.equal(matchesLabels(sel, { a: '1', b: '2', c: 'x', e: '', f: 'present' }), false);
    assert.equal(matchesLabels(sel, { a: '1', b: '2', c: 'x', d: 'z', e: '' }), false);
  });

  it('selects everything when empty', () => {
    assert.deepEqual(labelSelectorFromObject({}), []);
    assert.deepEqual(labelSelectorFromObject({ matchLabels: {}, matchExpressions: [] }), []);
    assert.equal(formatRequirements([]), '');
  });

  it('rejects invalid expressions with upstream messages', () => {
    objectRejects(
      { matchExpressions: [{ key: 'a', operator: 'In' }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    );
    objectRejects(
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    );
    objectRejects({ matchExpressions: [{ key: 'a', operator: 'Foo' as 'In' }] }, '"Foo" is not a valid label selector operator');
    objectRejects({ matchLabels: { 'a.': 'x' } }, `key: Invalid value: "a.": name part ${NAME_REGEX_ERR}`);
    objectRejects(
      { matchExpressions: [{ key: 'a.', operator: 'NotIn', values: [] }] },
      `[key: Invalid value: "a.": name part ${NAME_REGEX_ERR}, values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty]`,
    );
  });

  it('renders every operator so that the text parses back to the same selector', () => {
    const sel = parseLabelSelector('h!=i,b notin (y,x),a,!c,d>3,e<4,f==g,j=k');
    const text = formatRequirements(sel);
    assert.equal(text, 'a,b notin (x,y),!c,d>3,e<4,f==g,h!=i,j=k');
    assert.deepEqual(parseLabelSelector(text), sel);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeYaml, YamlError } from './yaml.js';
import { MAX_JSON_DEPTH } from '../../util/json-depth.js';

describe('YAML bodies', () => {
  it('reads YAML 1.1 as kubectl does: on/yes are booleans, dates stay strings, !!binary is its text', () => {
    assert.deepEqual(decodeYaml('on: yes\nd: 2001-12-14\nm: 0755\nb: !!binary aGVsbG8=\n'), { true: true, d: '2001-12-14', m: 493, b: 'hello' });
  });

  it('refuses a tag it cannot resolve, naming the line but not quoting it', () => {
    assert.throws(
      () => decodeYaml('user: admin\npassword: !vault s3cr3t\n'),
      (err: unknown) => {
        assert.ok(err instanceof YamlError);
        assert.equal(err.message, 'yaml: line 2: Unresolved tag: !vault');
        return true;
      },
    );
    assert.throws(() => decodeYaml('x: !!int abc\n'), /line 1: Unresolved tag/);
  });

  it('refuses a key given twice, in one pass', () => {
    assert.throws(() => decodeYaml('a: 1\nb: 2\na: 3\n'), { message: 'yaml: unmarshal errors:\n  line 3: key "a" already set in map' });
    const many = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join('\n');
    assert.equal(Object.keys(decodeYaml(many) as object).length, 20_000);
  });

  it('error texts carry no source lines', () => {
    for (const bad of ['metadata:\n  name: [unclosed secret-value', 'a: b: c secret-value', 'x: *secret-value\n']) {
      assert.throws(
        () => decodeYaml(bad),
        (err: unknown) => err instanceof YamlError && !err.message.includes('\n') && !/unclosed|a: b/.test(err.message),
        bad,
      );
    }
  });

  it('keeps to the nesting limit; JSON sent as YAML is read as JSON', () => {
    const seq = (d: number): string => `${'- '.repeat(d)}x\n`;
    // The YAML parser itself recurses and may give up first (800-1,000 levels, by style and stack).
    assert.ok(decodeYaml(seq(500)));
    assert.throws(() => decodeYaml(seq(MAX_JSON_DEPTH + 1)), /^YamlError: yaml: exceeded max depth/);
    const json = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    assert.ok(decodeYaml(json));
    assert.throws(() => decodeYaml(`[${json}]`), { message: `yaml: exceeded max depth of ${MAX_JSON_DEPTH}` });
    assert.throws(() => decodeYaml(`a: ${'{b: '.repeat(5000)}1${'}'.repeat(5000)}`), /yaml: exceeded max depth/);
    assert.deepEqual(decodeYaml('{"a": 1, "a": 2}'), { a: 2 });
  });
});

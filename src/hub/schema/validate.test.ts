import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorText, invalid, type FieldError } from '../errors.js';
import type { JsonSchema } from '../../api/crd/schema.js';
import { celRulesPresent, validateAgainstSchema } from './validate.js';

/** A root schema with `spec` holding the one property under test. */
function specWith(props: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema {
  return { type: 'object', properties: { spec: { type: 'object', properties: props, ...extra } } };
}

function texts(errs: FieldError[]): string[] {
  return errs.map(fieldErrorText);
}

function check(schema: JsonSchema, obj: unknown): string[] {
  return texts(validateAgainstSchema(obj, schema));
}

describe('validateAgainstSchema: type', () => {
  const schema = specWith({
    size: { type: 'integer' },
    ratio: { type: 'number' },
    name: { type: 'string' },
    on: { type: 'boolean' },
    list: { type: 'array', items: { type: 'string' } },
    obj: { type: 'object' },
  });

  it('accepts values of the declared types, integers where numbers are expected', () => {
    assert.deepEqual(check(schema, { spec: { size: 3, ratio: 2, name: 'x', on: false, list: [], obj: {} } }), []);
    assert.deepEqual(check(schema, { spec: { ratio: 0.25 } }), []);
  });

  it('reports a mismatch with the got type name as value and in the detail', () => {
    const errs = validateAgainstSchema({ spec: { size: 'big' } }, schema);
    assert.deepEqual(errs, [{ type: 'TypeInvalid', field: 'spec.size', value: 'string', detail: 'spec.size in body must be of type integer: "string"' }]);
    assert.deepEqual(texts(errs), ['spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"']);
  });

  it('names every got type: integer, number, boolean, object, array, null', () => {
    assert.deepEqual(check(schema, { spec: { name: 42, size: 1.5, obj: true, list: {}, on: [], ratio: null } }), [
      'spec.size: Invalid value: "number": spec.size in body must be of type integer: "number"',
      'spec.ratio: Invalid value: "null": spec.ratio in body must be of type number: "null"',
      'spec.name: Invalid value: "integer": spec.name in body must be of type string: "integer"',
      'spec.on: Invalid value: "array": spec.on in body must be of type boolean: "array"',
      'spec.list: Invalid value: "object": spec.list in body must be of type array: "object"',
      'spec.obj: Invalid value: "boolean": spec.obj in body must be of type object: "boolean"',
    ]);
  });

  it('builds the 422 message and cause exactly as kubectl prints it', () => {
    const err = invalid('Widget', 'example.com', 'w1', validateAgainstSchema({ spec: { size: 'big' } }, schema));
    assert.equal(err.message, 'Widget.example.com "w1" is invalid: spec.size: Invalid value: "string": spec.size in body must be of type integer: "string"');
    assert.deepEqual(err.details?.causes, [
      { reason: 'FieldValueTypeInvalid', message: 'Invalid value: "string": spec.size in body must be of type integer: "string"', field: 'spec.size' },
    ]);
  });

  it('nullable accepts null, non-nullable reports it as type null', () => {
    const s = specWith({ a: { type: 'object', nullable: true }, b: { type: 'object' } });
    assert.deepEqual(check(s, { spec: { a: null } }), []);
    assert.deepEqual(check(s, { spec: { b: null } }), ['spec.b: Invalid value: "null": spec.b in body must be of type object: "null"']);
  });

  it('does not stop at a type error: enum is still checked', () => {
    const s = specWith({ n: { type: 'integer', enum: [1, 2] } });
    assert.deepEqual(check(s, { spec: { n: 'x' } }), [
      'spec.n: Invalid value: "string": spec.n in body must be of type integer: "string"',
      'spec.n: Unsupported value: "x": supported values: "1", "2"',
    ]);
  });
});

describe('validateAgainstSchema: object keywords', () => {
  it('required → Required at the missing property path', () => {
    const s = specWith({ size: { type: 'integer' }, name: { type: 'string' } }, { required: ['size', 'name'] });
    const errs = validateAgainstSchema({ spec: { name: 'x' } }, s);
    assert.deepEqual(errs, [{ type: 'Required', field: 'spec.size', detail: '' }]);
    assert.deepEqual(texts(errs), ['spec.size: Required value']);
  });

  it('required at the root names the property without a leading dot', () => {
    const s: JsonSchema = { type: 'object', required: ['spec'], properties: { spec: { type: 'object' } } };
    assert.deepEqual(check(s, { apiVersion: 'v1' }), ['spec: Required value']);
  });

  it('a required property inside an absent object is not reported', () => {
    const s = specWith({ inner: { type: 'object', required: ['x'], properties: { x: { type: 'string' } } } });
    assert.deepEqual(check(s, { spec: {} }), []);
    assert.deepEqual(check(s, { spec: { inner: {} } }), ['spec.inner.x: Required value']);
  });

  it('minProperties → Invalid with the property count', () => {
    const s = specWith({ m: { type: 'object', minProperties: 2, additionalProperties: { type: 'string' } } });
    const errs = validateAgainstSchema({ spec: { m: { a: 'x' } } }, s);
    assert.deepEqual(errs, [{ type: 'Invalid', field: 'spec.m', value: 1, detail: 'spec.m in body should have at least 2 properties' }]);
  });

  it('maxProperties → TooMany, and stops the rest of that object', () => {
    const s = specWith({ m: { type: 'object', maxProperties: 1, additionalProperties: { type: 'integer' } } });
    const errs = validateAgainstSchema({ spec: { m: { a: 'x', b: 'y' } } }, s);
    assert.deepEqual(errs, [{ type: 'TooMany', field: 'spec.m', value: 2, detail: 'must have at most 1 item' }]);
    assert.deepEqual(texts(errs), ['spec.m: Too many: 2: must have at most 1 item']);
  });

  it('additionalProperties schema validates map values at <map>.<key>', () => {
    const s = specWith({ labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 3 } } });
    assert.deepEqual(check(s, { spec: { labels: { ok: 'abc', bad: 7, long: 'abcd' } } }), [
      'spec.labels.bad: Invalid value: "integer": spec.labels.bad in body must be of type string: "integer"',
      'spec.labels.long: Too long: may not be more than 3 bytes',
    ]);
  });

  it('additionalProperties: false reports each undeclared key as a forbidden property', () => {
    const s = specWith({ o: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } } });
    assert.deepEqual(validateAgainstSchema({ spec: { o: { a: 'x', z: 1 } } }, s), [
      { type: 'Invalid', field: 'spec.o', value: 'z', detail: 'spec.o.z in body is a forbidden property' },
    ]);
  });

  it('keys named like Object.prototype members are plain data', () => {
    const s = specWith({ labels: { type: 'object', additionalProperties: { type: 'string' } } });
    const obj = JSON.parse('{"spec":{"labels":{"constructor":"a","__proto__":"b","toString":1}}}') as unknown;
    assert.deepEqual(check(s, obj), ['spec.labels.toString: Invalid value: "integer": spec.labels.toString in body must be of type string: "integer"']);
  });
});

describe('validateAgainstSchema: enum', () => {
  it('enum → NotSupported with the enum as supported values', () => {
    const s = specWith({ mode: { type: 'string', enum: ['Fast', 'Slow'] } });
    const errs = validateAgainstSchema({ spec: { mode: 'Medium' } }, s);
    assert.deepEqual(errs, [{ type: 'NotSupported', field: 'spec.mode', value: 'Medium', supported: ['Fast', 'Slow'] }]);
    assert.deepEqual(texts(errs), ['spec.mode: Unsupported value: "Medium": supported values: "Fast", "Slow"']);
  });

  it('accepts enum members, compared as JSON values', () => {
    const s = specWith({ v: { type: 'object', enum: [{ a: 1, b: [2] }] } });
    assert.deepEqual(check(s, { spec: { v: { b: [2], a: 1 } } }), []);
  });

  it('a null value is checked against the enum even when nullable', () => {
    const s = specWith({ mode: { type: 'string', nullable: true, enum: ['A'] } });
    assert.deepEqual(check(s, { spec: { mode: null } }), ['spec.mode: Unsupported value: null: supported values: "A"']);
    const withNull = specWith({ mode: { type: 'string', nullable: true, enum: ['A', null] } });
    assert.deepEqual(check(withNull, { spec: { mode: null } }), []);
  });
});

describe('validateAgainstSchema: string keywords', () => {
  it('pattern → Invalid with the should-match detail', () => {
    const s = specWith({ name: { type: 'string', pattern: '^[a-z]+$' } });
    const errs = validateAgainstSchema({ spec: { name: 'Abc' } }, s);
    assert.deepEqual(errs, [{ type: 'Invalid', field: 'spec.name', value: 'Abc', detail: "spec.name in body should match '^[a-z]+$'" }]);
    assert.deepEqual(texts(errs), [`spec.name: Invalid value: "Abc": spec.name in body should match '^[a-z]+$'`]);
    assert.deepEqual(check(s, { spec: { name: 'abc' } }), []);
  });

  it('pattern is unanchored like Go regexp.MatchString, and RE2 (?i) works', () => {
    assert.deepEqual(check(specWith({ n: { type: 'string', pattern: 'b+' } }), { spec: { n: 'abbc' } }), []);
    assert.deepEqual(check(specWith({ n: { type: 'string', pattern: '(?i)^abc$' } }), { spec: { n: 'ABC' } }), []);
  });

  it('RE2 POSIX classes and \\pL are understood', () => {
    const s = specWith({ n: { type: 'string', pattern: '^[[:alpha:]_][[:alnum:]_]*$' }, u: { type: 'string', pattern: '^\\pL+$' } });
    assert.deepEqual(check(s, { spec: { n: '_abc9', u: 'héllo' } }), []);
    assert.deepEqual(check(s, { spec: { n: '9abc', u: 'a1' } }), [
      `spec.n: Invalid value: "9abc": spec.n in body should match '^[[:alpha:]_][[:alnum:]_]*$'`,
      `spec.u: Invalid value: "a1": spec.u in body should match '^\\pL+$'`,
    ]);
  });

  it('an uncompilable pattern is reported in the should-match detail', () => {
    const errs = validateAgainstSchema({ spec: { n: 'x' } }, specWith({ n: { type: 'string', pattern: '+' } }));
    assert.equal(errs.length, 1);
    assert.match(errs[0].detail ?? '', /^spec\.n in body should match '\+, but pattern is invalid: .+'$/);
  });

  it('maxLength → TooLong "may not be more than N bytes", counting characters', () => {
    const s = specWith({ n: { type: 'string', maxLength: 2 }, one: { type: 'string', maxLength: 1 } });
    const errs = validateAgainstSchema({ spec: { n: 'abc', one: 'ab' } }, s);
    assert.deepEqual(errs, [
      { type: 'TooLong', field: 'spec.n', value: 'abc', detail: 'may not be more than 2 bytes' },
      { type: 'TooLong', field: 'spec.one', value: 'ab', detail: 'may not be more than 1 byte' },
    ]);
    assert.deepEqual(texts(errs), ['spec.n: Too long: may not be more than 2 bytes', 'spec.one: Too long: may not be more than 1 byte']);
    assert.deepEqual(check(s, { spec: { n: 'éé' } }), []);
  });

  it('minLength → Invalid "should be at least N chars long"', () => {
    const s = specWith({ x: { type: 'string', minLength: 3 } });
    assert.deepEqual(check(s, { spec: { x: 'ab' } }), ['spec.x: Invalid value: "ab": spec.x in body should be at least 3 chars long']);
  });

  it('stops at the first failing string constraint (maxLength before pattern)', () => {
    const s = specWith({ x: { type: 'string', maxLength: 2, pattern: '^[a-z]+$' } });
    assert.deepEqual(check(s, { spec: { x: 'ABC' } }), ['spec.x: Too long: may not be more than 2 bytes']);
  });
});

describe('validateAgainstSchema: number keywords', () => {
  const s = specWith({
    size: { type: 'integer', minimum: 1, maximum: 10 },
    ex: { type: 'integer', minimum: 1, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true },
    ratio: { type: 'number', minimum: 0.5, maximum: 1000000 },
    step: { type: 'integer', multipleOf: 5 },
  });

  it('minimum / maximum with exact details', () => {
    assert.deepEqual(check(s, { spec: { size: 0 } }), ['spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1']);
    assert.deepEqual(check(s, { spec: { size: 11 } }), ['spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10']);
    assert.deepEqual(check(s, { spec: { size: 1 } }), []);
    assert.deepEqual(check(s, { spec: { size: 10 } }), []);
  });

  it('exclusive bounds say "greater than" / "less than"', () => {
    assert.deepEqual(check(s, { spec: { ex: 1 } }), ['spec.ex: Invalid value: 1: spec.ex in body should be greater than 1']);
    assert.deepEqual(check(s, { spec: { ex: 10 } }), ['spec.ex: Invalid value: 10: spec.ex in body should be less than 10']);
    assert.deepEqual(check(s, { spec: { ex: 5 } }), []);
  });

  it('non-integer values print float bounds the way Go %v does', () => {
    assert.deepEqual(check(s, { spec: { ratio: 0.25 } }), ['spec.ratio: Invalid value: 0.25: spec.ratio in body should be greater than or equal to 0.5']);
    assert.deepEqual(check(s, { spec: { ratio: 1000000.5 } }), [
      'spec.ratio: Invalid value: 1000000.5: spec.ratio in body should be less than or equal to 1e+06',
    ]);
  });

  it('multipleOf', () => {
    assert.deepEqual(check(s, { spec: { step: 7 } }), ['spec.step: Invalid value: 7: spec.step in body should be a multiple of 5']);
    assert.deepEqual(check(s, { spec: { step: 15 } }), []);
  });
});

describe('validateAgainstSchema: array keywords', () => {
  it('validates items at <path>[i]', () => {
    const s = specWith({ items: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } });
    assert.deepEqual(check(s, { spec: { items: [{ name: 'a' }, { name: 3 }, {}] } }), [
      'spec.items[1].name: Invalid value: "integer": spec.items[1].name in body must be of type string: "integer"',
      'spec.items[2].name: Required value',
    ]);
  });

  it('maxItems → TooMany "must have at most N items" with the actual count as value', () => {
    const s = specWith({ l: { type: 'array', items: { type: 'integer' }, maxItems: 2 } });
    const errs = validateAgainstSchema({ spec: { l: [1, 2, 3] } }, s);
    assert.deepEqual(errs, [{ type: 'TooMany', field: 'spec.l', value: 3, detail: 'must have at most 2 items' }]);
  });

  it('minItems → Invalid "should have at least N items"', () => {
    const s = specWith({ l: { type: 'array', items: { type: 'integer' }, minItems: 2 } });
    assert.deepEqual(check(s, { spec: { l: [1] } }), ['spec.l: Invalid value: 1: spec.l in body should have at least 2 items']);
  });

  it('uniqueItems → Invalid "shouldn\'t contain duplicates" (kube-openapi\'s UniqueFailCode)', () => {
    const s = specWith({ l: { type: 'array', items: { type: 'object' }, uniqueItems: true } });
    assert.deepEqual(
      validateAgainstSchema(
        {
          spec: {
            l: [
              { a: 1, b: 2 },
              { b: 2, a: 1 },
            ],
          },
        },
        s,
      ),
      [{ type: 'Invalid', field: 'spec.l', value: '', detail: "spec.l in body shouldn't contain duplicates" }],
    );
    assert.deepEqual(check(s, { spec: { l: [{ a: 1 }, { a: 2 }] } }), []);
  });
});

describe('validateAgainstSchema: format', () => {
  const formats = ['date-time', 'date', 'byte', 'uuid', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'uri'];
  const good: Record<string, string[]> = {
    'date-time': ['2024-02-29T10:00:00Z', '2024-01-01T23:59:59.123+02:00', '2024-01-01t00:00:00z'],
    date: ['2024-02-29', '2023-12-31'],
    byte: ['aGVsbG8=', 'aGk=', 'YWJj'],
    uuid: ['123e4567-e89b-12d3-a456-426614174000', '123E4567E89B12D3A456426614174000'],
    email: ['a@example.com', 'First Last <first.last@example.com>'],
    hostname: ['example.com', 'localhost', 'a.b.co', 'my-host.example.com'],
    ipv4: ['10.0.0.1', '::ffff:10.0.0.1'],
    ipv6: ['::1', 'fe80::1'],
    cidr: ['10.0.0.0/8', 'fd00::/64'],
    uri: ['https://example.com/path?q=1', '/absolute/path', 'mailto:someone@example.com'],
  };
  const bad: Record<string, string[]> = {
    'date-time': ['yesterday', '2024-02-30T10:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:00:00+0200', '2024-01-01'],
    date: ['2023-02-29', '2024-1-1', '2024-01-01T00:00:00Z'],
    byte: ['not base64!', 'abc', ''],
    uuid: ['123e4567-e89b-12d3-a456', 'zzzzzzzz-e89b-12d3-a456-426614174000'],
    email: ['not-an-email', 'a@'],
    hostname: ['-bad', 'under_score.com', 'a..b', 'a.b.c'],
    ipv4: ['256.0.0.1', '::1', '010.0.0.1'],
    ipv6: ['10.0.0.1', 'fe80::1%eth0', 'gggg::1'],
    cidr: ['10.0.0.0', '10.0.0.0/33', 'fd00::/129'],
    uri: ['relative/path', 'http://bad host/'],
  };

  for (const format of formats) {
    it(`${format}: accepts valid and rejects invalid strings with upstream's detail`, () => {
      const s = specWith({ v: { type: 'string', format } });
      for (const v of good[format]) assert.deepEqual(check(s, { spec: { v } }), [], `${format} should accept ${v}`);
      for (const v of bad[format]) {
        assert.deepEqual(
          validateAgainstSchema({ spec: { v } }, s),
          [{ type: 'TypeInvalid', field: 'spec.v', value: v, detail: `spec.v in body must be of type ${format}: ${JSON.stringify(v)}` }],
          `${format} should reject ${v}`,
        );
      }
    });
  }

  it('prints the date-time error as a real API server does', () => {
    const s = specWith({ when: { type: 'string', format: 'date-time' } });
    assert.deepEqual(check(s, { spec: { when: 'yesterday' } }), [
      'spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
    ]);
  });

  it('formats apiextensions does not support (int32, int64, custom) have no effect', () => {
    const s = specWith({ i: { type: 'integer', format: 'int32' }, l: { type: 'integer', format: 'int64' }, c: { type: 'string', format: 'k8s-name' } });
    assert.deepEqual(check(s, { spec: { i: 2 ** 40, l: 5, c: '!!' } }), []);
  });

  it('a supported format on a non-string value is reported against the format', () => {
    const s = specWith({ when: { type: 'string', format: 'date-time' } });
    assert.deepEqual(check(s, { spec: { when: 5 } }), ['spec.when: Invalid value: "int64": spec.when in body must be of type date-time: "int64"']);
  });
});

describe('validateAgainstSchema: x-kubernetes-int-or-string', () => {
  const s = specWith({ port: { 'x-kubernetes-int-or-string': true }, maybe: { 'x-kubernetes-int-or-string': true, nullable: true } });

  it('accepts integers and strings', () => {
    assert.deepEqual(check(s, { spec: { port: 8080 } }), []);
    assert.deepEqual(check(s, { spec: { port: 'http' } }), []);
  });

  it('rejects other types as "integer,string"', () => {
    assert.deepEqual(check(s, { spec: { port: true } }), ['spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"']);
    assert.deepEqual(check(s, { spec: { port: 1.5 } }), ['spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"']);
    assert.deepEqual(check(s, { spec: { port: null } }), ['spec.port: Invalid value: "null": spec.port in body must be of type integer,string: "null"']);
  });

  it('nullable int-or-string accepts null', () => {
    assert.deepEqual(check(s, { spec: { maybe: null } }), []);
  });

  it('with the usual anyOf, a bad value also gets the anyOf error and the first branch error', () => {
    const withAnyOf = specWith({ port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] } });
    assert.deepEqual(check(withAnyOf, { spec: { port: true } }), [
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
      '<nil>: Invalid value: "": "spec.port" must validate at least one schema (anyOf)',
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer: "boolean"',
    ]);
    assert.deepEqual(check(withAnyOf, { spec: { port: '80%' } }), []);
  });
});

describe('validateAgainstSchema: allOf / oneOf / not', () => {
  it('allOf reports the failing branch errors and the allOf message', () => {
    const s = specWith({ n: { type: 'integer', allOf: [{ minimum: 2 }, { maximum: 5 }] } });
    assert.deepEqual(check(s, { spec: { n: 1 } }), [
      'spec.n: Invalid value: 1: spec.n in body should be greater than or equal to 2',
      '<nil>: Invalid value: "": "spec.n" must validate all the schemas (allOf)',
    ]);
    assert.deepEqual(check(s, { spec: { n: 3 } }), []);
  });

  it('oneOf requires exactly one matching branch', () => {
    const s = specWith({ n: { type: 'integer', oneOf: [{ minimum: 0 }, { maximum: 10 }] } });
    assert.deepEqual(check(s, { spec: { n: 5 } }), [
      '<nil>: Invalid value: "": "spec.n" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    ]);
    assert.deepEqual(check(s, { spec: { n: 20 } }), []);
  });

  it('not rejects values its schema accepts', () => {
    const s = specWith({ n: { type: 'string', not: { enum: ['forbidden'] } } });
    assert.deepEqual(check(s, { spec: { n: 'forbidden' } }), ['<nil>: Invalid value: "": "spec.n" must not validate the schema (not)']);
    assert.deepEqual(check(s, { spec: { n: 'ok' } }), []);
  });
});

describe('validateAgainstSchema: x-kubernetes-preserve-unknown-fields', () => {
  it('with no type accepts anything', () => {
    const s = specWith({ free: { 'x-kubernetes-preserve-unknown-fields': true } });
    for (const free of [1, 'x', true, null, [1, 'a'], { a: { b: 1 } }]) assert.deepEqual(check(s, { spec: { free } }), []);
  });

  it('still validates the properties it declares', () => {
    const s = specWith({ cfg: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { n: { type: 'integer' } } } });
    assert.deepEqual(check(s, { spec: { cfg: { other: 'x', n: 1 } } }), []);
    assert.deepEqual(check(s, { spec: { cfg: { n: 'x' } } }), ['spec.cfg.n: Invalid value: "string": spec.cfg.n in body must be of type integer: "string"']);
  });
});

describe('validateAgainstSchema: x-kubernetes-list-type', () => {
  it('set: Duplicate at the index of the second occurrence only', () => {
    const s = specWith({ tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } });
    const errs = validateAgainstSchema({ spec: { tags: ['a', 'b', 'a', 'a', 'b'] } }, s);
    assert.deepEqual(errs, [
      { type: 'Duplicate', field: 'spec.tags[2]', value: 'a' },
      { type: 'Duplicate', field: 'spec.tags[4]', value: 'b' },
    ]);
    assert.deepEqual(texts(errs), ['spec.tags[2]: Duplicate value: "a"', 'spec.tags[4]: Duplicate value: "b"']);
  });

  it('set: 1 and "1" are different values', () => {
    const s = specWith({ v: { type: 'array', items: { 'x-kubernetes-int-or-string': true }, 'x-kubernetes-list-type': 'set' } });
    assert.deepEqual(check(s, { spec: { v: [1, '1'] } }), []);
  });

  const portSchema: JsonSchema = {
    type: 'array',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
    items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
  };

  it('map with one key: Duplicate with the key as value', () => {
    const s = specWith({ ports: portSchema });
    assert.deepEqual(
      validateAgainstSchema(
        {
          spec: {
            ports: [
              { name: 'http', port: 80 },
              { name: 'https', port: 443 },
              { name: 'http', port: 8080 },
            ],
          },
        },
        s,
      ),
      [{ type: 'Duplicate', field: 'spec.ports[2]', value: { name: 'http' } }],
    );
    assert.deepEqual(check(s, { spec: { ports: [{ port: 1 }, { port: 2 }] } }), ['spec.ports[1]: Duplicate value: {}']);
  });

  it('map with several keys compares the key tuple', () => {
    const s = specWith({
      ports: {
        ...portSchema,
        'x-kubernetes-list-map-keys': ['name', 'protocol'],
        items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string' } } },
      },
    });
    assert.deepEqual(
      check(s, {
        spec: {
          ports: [
            { name: 'a', protocol: 'TCP' },
            { name: 'a', protocol: 'UDP' },
          ],
        },
      }),
      [],
    );
    assert.deepEqual(
      validateAgainstSchema(
        {
          spec: {
            ports: [
              { name: 'a', protocol: 'TCP' },
              { protocol: 'TCP', name: 'a' },
            ],
          },
        },
        s,
      ),
      [{ type: 'Duplicate', field: 'spec.ports[1]', value: { name: 'a', protocol: 'TCP' } }],
    );
  });

  it('map items must be objects', () => {
    const s = specWith({ ports: portSchema });
    assert.deepEqual(validateAgainstSchema({ spec: { ports: [{ name: 'a' }, 'b'] } }, s), [
      { type: 'TypeInvalid', field: 'spec.ports[1]', value: 'string', detail: 'spec.ports[1] in body must be of type object: "string"' },
      { type: 'Invalid', field: 'spec.ports[1]', value: 'b', detail: 'must be an object for an array of list-type map' },
    ]);
  });

  it('list-type errors come after the schema keyword errors', () => {
    const s = specWith({ tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set', maxItems: 2 } });
    assert.deepEqual(check(s, { spec: { tags: ['a', 'a', 'a'] } }), [
      'spec.tags: Too many: 3: must have at most 2 items',
      'spec.tags[1]: Duplicate value: "a"',
    ]);
  });
});

describe('validateAgainstSchema: x-kubernetes-embedded-resource', () => {
  const s = specWith({
    template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
  });

  it('requires apiVersion and kind', () => {
    assert.deepEqual(check(s, { spec: { template: { metadata: {} } } }), ['spec.template.apiVersion: Required value', 'spec.template.kind: Required value']);
    assert.deepEqual(check(s, { spec: { template: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } } } }), []);
  });

  it('checks their form', () => {
    assert.deepEqual(check(s, { spec: { template: { apiVersion: 'a/b/c', kind: 'Bad_Kind' } } }), [
      'spec.template.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
      "spec.template.kind: Invalid value: \"Bad_Kind\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});

describe('validateAgainstSchema: rootPath', () => {
  it('prefixes fields and details when validating a sub-object', () => {
    const s: JsonSchema = { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 } } };
    assert.deepEqual(check({ ...s }, { size: 0 }), ['size: Invalid value: 0: size in body should be greater than or equal to 1']);
    assert.deepEqual(texts(validateAgainstSchema({ size: 0 }, s, 'spec')), [
      'spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
    ]);
    assert.deepEqual(texts(validateAgainstSchema({}, s, 'spec')), ['spec.size: Required value']);
  });
});

describe('celRulesPresent', () => {
  it('finds rules at any depth, and only non-empty rule lists', () => {
    assert.equal(celRulesPresent({ type: 'object' }), false);
    assert.equal(celRulesPresent({ type: 'object', 'x-kubernetes-validations': [] }), false);
    assert.equal(celRulesPresent({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a > 0' }] }), true);
    assert.equal(celRulesPresent(specWith({ l: { type: 'array', items: { type: 'object', 'x-kubernetes-validations': [{ rule: 'has(self.x)' }] } } })), true);
    assert.equal(
      celRulesPresent(specWith({ m: { type: 'object', additionalProperties: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self != ""' }] } } })),
      true,
    );
  });
});

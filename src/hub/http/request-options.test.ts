// The option parameters of every verb against what kube-apiserver 1.32 answers (apimachinery
// runtime/conversion.go, meta/v1 and meta/internalversion validation): each case is the text the
// real server puts in its Status.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.js';
import { parseGoInt64, queryBool } from './go-query.js';
import {
  applyListDefaults,
  checkPathSegmentName,
  decodeCreateOrUpdateQuery,
  decodeListQuery,
  decodePatchQuery,
  parseResourceVersionParam,
  validateListQuery,
} from './request-options.js';
import { deleteOptionsFromBody, readDeleteOptions } from './delete-options.js';

const q = (s: string): URLSearchParams => new URLSearchParams(s);

function status(fn: () => unknown): { code: number; message: string } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ApiError, String(err));
    return { code: err.code, message: err.message };
  }
  assert.fail('expected an API error');
}

describe('booleans: true for anything but 0 and false (any case)', () => {
  it('converts as Convert_Slice_string_To_bool', () => {
    for (const [text, want] of [
      ['watch=true', true],
      ['watch=True', true],
      ['watch=1', true],
      ['watch=yes', true],
      ['watch=', true],
      ['watch', true],
      ['watch=0', false],
      ['watch=false', false],
      ['watch=FALSE', false],
      ['watch=fAlSe', false],
      ['other=1', undefined],
    ] as const) {
      assert.equal(queryBool(q(text), 'watch'), want, text);
    }
    assert.equal(queryBool(q('watch=0&watch=1'), 'watch'), false, 'the first value counts');
  });
});

describe('integers: Go strconv.ParseInt', () => {
  it('parses int64 and reports Go errors', () => {
    assert.equal(parseGoInt64('+42'), 42n);
    assert.equal(parseGoInt64('-9223372036854775808'), -(2n ** 63n));
    assert.throws(() => parseGoInt64('1e20'), { message: 'strconv.ParseInt: parsing "1e20": invalid syntax' });
    assert.throws(() => parseGoInt64('9223372036854775808'), { message: 'strconv.ParseInt: parsing "9223372036854775808": value out of range' });
    assert.throws(() => parseGoInt64(''), { message: 'strconv.ParseInt: parsing "": invalid syntax' });
    assert.throws(() => parseGoInt64('1_000'), /invalid syntax/);
  });

  it('limit and timeoutSeconds that do not convert are 400', () => {
    assert.deepEqual(
      status(() => decodeListQuery(q('limit=abc'))),
      { code: 400, message: 'strconv.ParseInt: parsing "abc": invalid syntax' },
    );
    assert.deepEqual(
      status(() => decodeListQuery(q('limit=1e20'))),
      { code: 400, message: 'strconv.ParseInt: parsing "1e20": invalid syntax' },
    );
    assert.deepEqual(
      status(() => decodeListQuery(q('timeoutSeconds=x'))),
      { code: 400, message: 'strconv.ParseInt: parsing "x": invalid syntax' },
    );
    assert.equal(decodeListQuery(q('limit=-5')).limit, -5n, 'a negative limit converts (and means no limit)');
  });
});

describe('ListOptions validation', () => {
  const check = (text: string): { code: number; message: string } => status(() => validateListQuery(applyListDefaults(decodeListQuery(q(text)))));

  it('resourceVersionMatch', () => {
    assert.deepEqual(check('resourceVersion=5&resourceVersionMatch=bogus'), {
      code: 422,
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "bogus": supported values: "Exact", "NotOlderThan", ""',
    });
    assert.match(
      check('resourceVersionMatch=Exact').message,
      /resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided/,
    );
    assert.match(check('resourceVersion=0&resourceVersionMatch=Exact').message, /resourceVersionMatch "exact" is forbidden for resourceVersion "0"/);
    assert.match(
      check('watch=1&resourceVersion=5&resourceVersionMatch=Exact').message,
      /resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided/,
    );
  });

  it('sendInitialEvents', () => {
    assert.match(
      check('sendInitialEvents=true').message,
      /^ListOptions.meta.k8s.io "" is invalid: sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list$/,
    );
    assert.match(check('watch=1&sendInitialEvents=true').message, /sendInitialEvents requires setting resourceVersionMatch to NotOlderThan/);
    validateListQuery(applyListDefaults(decodeListQuery(q('watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan'))));
    assert.equal(applyListDefaults(decodeListQuery(q('watch=1'))).sendInitialEvents, true, 'WatchList defaults: a watch from now sends initial events');
    assert.equal(applyListDefaults(decodeListQuery(q('watch=1&resourceVersion=7'))).sendInitialEvents, undefined);
  });
});

describe('create, update and patch options', () => {
  it('dryRun, fieldValidation and fieldManager', () => {
    assert.deepEqual(
      status(() => decodeCreateOrUpdateQuery(q('dryRun=bogus'), 'create')),
      {
        code: 422,
        message: 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"bogus"}: supported values: "All"',
      },
    );
    assert.deepEqual(
      status(() => decodeCreateOrUpdateQuery(q('fieldValidation=bogus'), 'update')),
      {
        code: 422,
        message: 'UpdateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "bogus": supported values: "", "Ignore", "Strict", "Warn"',
      },
    );
    assert.match(
      status(() => decodeCreateOrUpdateQuery(q(`fieldManager=${'m'.repeat(129)}`), 'create')).message,
      /fieldManager: Too long: may not be more than 128 bytes$/,
    );
    assert.match(
      status(() => decodeCreateOrUpdateQuery(q('fieldManager=a%01b'), 'create')).message,
      /fieldManager: Invalid value: "a\\x01b": invalid character U\+0001 \(at position 1\)$/,
    );
    assert.deepEqual(decodeCreateOrUpdateQuery(q('dryRun=All&fieldManager=me&fieldValidation=Strict'), 'create'), {
      dryRun: true,
      fieldManager: 'me',
      fieldValidation: 'Strict',
      force: undefined,
    });
  });

  it('force belongs to apply, which needs a field manager', () => {
    assert.equal(
      status(() => decodePatchQuery(q('force=true'), 'merge')).message,
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
    assert.equal(
      status(() => decodePatchQuery(q(''), 'apply')).message,
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    assert.equal(decodePatchQuery(q('fieldManager=k&force=True'), 'apply').force, true);
  });
});

describe('DeleteOptions', () => {
  const body = (text: string): Buffer => Buffer.from(text);

  it('from the query when there is no body; orphanDependents=True orphans', () => {
    assert.deepEqual(readDeleteOptions(undefined, Buffer.alloc(0), q('orphanDependents=True')), {
      propagationPolicy: undefined,
      orphanDependents: true,
      preconditions: undefined,
      dryRun: false,
    });
    assert.equal(status(() => readDeleteOptions(undefined, Buffer.alloc(0), q('gracePeriodSeconds=x'))).code, 400);
  });

  it('from the body alone when there is one (the query is not read)', () => {
    assert.equal(readDeleteOptions('application/json', body('{}'), q('dryRun=All')).dryRun, false);
    assert.equal(readDeleteOptions('application/json', body('{"dryRun":["All"]}'), q('')).dryRun, true);
    assert.equal(readDeleteOptions('application/yaml', body('dryRun: [All]\npropagationPolicy: Orphan\n'), q('')).propagationPolicy, 'Orphan');
  });

  it("a field of the wrong type fails with encoding/json's text", () => {
    const cases: [string, string][] = [
      ['{"dryRun":"All"}', 'json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string'],
      ['{"preconditions":"x"}', 'json: cannot unmarshal string into Go struct field DeleteOptions.preconditions of type v1.Preconditions'],
      ['{"preconditions":{"uid":5}}', 'json: cannot unmarshal number into Go struct field Preconditions.preconditions.uid of type types.UID'],
      ['{"orphanDependents":"true"}', 'json: cannot unmarshal string into Go struct field DeleteOptions.orphanDependents of type bool'],
      ['{"gracePeriodSeconds":1.5}', 'json: cannot unmarshal number 1.5 into Go struct field DeleteOptions.gracePeriodSeconds of type int64'],
      ['{"dryRun":[5]}', 'json: cannot unmarshal number into Go struct field DeleteOptions.dryRun of type string'],
      ['{"propagationPolicy":{}}', 'json: cannot unmarshal object into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation'],
    ];
    for (const [text, message] of cases)
      assert.deepEqual(
        status(() => deleteOptionsFromBody('application/json', body(text))),
        { code: 400, message },
        text,
      );
    assert.match(
      status(() => deleteOptionsFromBody('application/json', body('[]'))).message,
      /couldn't get version\/kind; json parse error: json: cannot unmarshal array/,
    );
    assert.equal(status(() => deleteOptionsFromBody('text/plain', body('x'))).code, 415);
  });

  it('ValidateDeleteOptions', () => {
    assert.deepEqual(
      status(() => readDeleteOptions(undefined, Buffer.alloc(0), q('propagationPolicy=bogus'))),
      {
        code: 422,
        message:
          'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "bogus": supported values: "Foreground", "Background", "Orphan", "nil"',
      },
    );
    assert.match(status(() => readDeleteOptions(undefined, Buffer.alloc(0), q('propagationPolicy='))).message, /Unsupported value: ""/);
    assert.equal(
      status(() => readDeleteOptions('application/json', body('{"orphanDependents":true,"propagationPolicy":"Orphan"}'), q(''))).message,
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
    );
    assert.match(status(() => readDeleteOptions(undefined, Buffer.alloc(0), q('dryRun=bogus'))).message, /dryRun: Unsupported value: \[\]string\{"bogus"\}/);
  });
});

describe('names and resource versions from the request', () => {
  it('a path segment may not be . or .. nor hold / or %', () => {
    assert.deepEqual(
      status(() => checkPathSegmentName('..')),
      { code: 400, message: 'Name parameter invalid: "..": may not be \'..\'' },
    );
    assert.equal(status(() => checkPathSegmentName('.')).message, 'Name parameter invalid: ".": may not be \'.\'');
    assert.equal(status(() => checkPathSegmentName('a%b/c')).message, "Name parameter invalid: \"a%b/c\": may not contain '/';may not contain '%'");
    checkPathSegmentName('system:controller:x');
  });

  it('resourceVersion is an unsigned integer', () => {
    assert.equal(parseResourceVersionParam(''), 0);
    assert.equal(parseResourceVersionParam('42'), 42);
    assert.deepEqual(
      status(() => parseResourceVersionParam('abc')),
      {
        code: 400,
        message: 'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
      },
    );
    assert.match(status(() => parseResourceVersionParam('-1')).message, /invalid syntax/);
    assert.match(status(() => parseResourceVersionParam('18446744073709551616')).message, /value out of range/);
  });
});

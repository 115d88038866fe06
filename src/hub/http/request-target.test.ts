import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkHostHeader, MalformedRequest, parseGoQuery, parseRequestTarget } from './request-target.js';
import { parseRequestPath } from './request-info.js';

describe('request-target: the request line as Go reads it', () => {
  it('decodes a path once and never resolves dot segments', () => {
    assert.equal(parseRequestTarget('/api/v1/namespaces/n/configmaps/%2e%2e').path, '/api/v1/namespaces/n/configmaps/..');
    assert.equal(parseRequestTarget('/api/v1/namespaces/n/configmaps/..').path, '/api/v1/namespaces/n/configmaps/..');
    assert.equal(parseRequestTarget('/a/%2E/b').path, '/a/./b');
    assert.equal(parseRequestTarget('/a%20b/c+d').path, '/a b/c+d', '+ is not a space in a path');
  });

  it('refuses malformed escapes and bytes that are not UTF-8 with a bare 400', () => {
    for (const bad of ['/x/%ZZ', '/x/%E0%A4%A', '/x/%ff', '/x/%', '/x/%4', '/x\u0001', '']) {
      assert.throws(() => parseRequestTarget(bad), MalformedRequest, bad);
    }
    assert.equal(parseRequestTarget('/x/%E0%A4%A4').path, '/x/\u0924');
  });

  it('takes the path of an absolute-form URI and checks its authority as Go does', () => {
    assert.equal(parseRequestTarget('https://127.0.0.1:99999/api/v1?watch=1').path, '/api/v1', 'Go checks a port is digits, not its range');
    assert.equal(parseRequestTarget('https://[::1]:6443/version').path, '/version');
    assert.equal(parseRequestTarget('http:opaque').path, '');
    for (const bad of ['https://[::1/api', 'https://h:port/x', 'https://h:1:2:x/y', '1http://h/x', 'api/v1']) {
      assert.throws(() => parseRequestTarget(bad), MalformedRequest, bad);
    }
  });

  it('reads the query like URL.Query(): malformed pairs are dropped, not fatal', () => {
    const q = parseGoQuery('watch=1&limit=%ZZ&a;b=c&&labelSelector=app+in+%28x%29&flag&x=1&x=2');
    assert.equal(q.get('watch'), '1');
    assert.equal(q.has('limit'), false);
    assert.equal(q.has('a;b'), false);
    assert.equal(q.get('labelSelector'), 'app in (x)');
    assert.equal(q.get('flag'), '');
    assert.deepEqual(q.getAll('x'), ['1', '2']);
  });

  it('checks the Host header: one, of host bytes', () => {
    checkHostHeader(['[::1']);
    checkHostHeader(['h:99999']);
    checkHostHeader(undefined);
    assert.throws(() => checkHostHeader(['a', 'b']), /too many Host headers/);
    assert.throws(() => checkHostHeader(['a b']), /malformed Host header/);
    assert.throws(() => checkHostHeader(['a/b']), /malformed Host header/);
  });

  it('a path splits as the apiserver splits it: an empty segment names nothing', () => {
    assert.deepEqual(parseRequestPath('/api/v1/namespaces//configmaps'), { type: 'unknown' });
    assert.deepEqual(parseRequestPath('/api/v1/namespaces/n/configmaps/..'), {
      type: 'resource',
      group: '',
      version: 'v1',
      namespace: 'n',
      resource: 'configmaps',
      name: '..',
      subresource: undefined,
      watchPrefix: false,
    });
  });
});

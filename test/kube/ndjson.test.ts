import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, parseWatchLine } from '../../src/kube/index.js';

test('a line cut across chunks, even inside a multi-byte character, comes out whole', () => {
  const text = '{"type":"ADDED","object":{"metadata":{"name":"é-日本"}}}\n{"type":"BOOKMARK","object":{}}\n';
  const bytes = Buffer.from(text, 'utf8');
  const splitter = new LineSplitter();
  const lines: string[] = [];
  // One byte at a time splits every multi-byte character too.
  for (let i = 0; i < bytes.length; i++) lines.push(...splitter.push(bytes.subarray(i, i + 1)));
  lines.push(...splitter.end());
  assert.deepEqual(lines, text.trim().split('\n'));
  assert.equal((parseWatchLine(lines[0])?.object as { metadata: { name: string } }).metadata.name, 'é-日本');
});

test('the last line needs no trailing newline; blank lines are dropped', () => {
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push(Buffer.from('\n\na\n\nb')), ['a']);
  assert.deepEqual(splitter.end(), ['b']);
});

test('malformed lines are not events', () => {
  assert.equal(parseWatchLine('{"type":"ADDED","object":{'), undefined);
  assert.equal(parseWatchLine('[1,2]'), undefined);
  assert.equal(parseWatchLine('{"type":"EXPLODED","object":{}}'), undefined);
  assert.equal(parseWatchLine('{"type":"ADDED"}'), undefined);
  assert.equal(parseWatchLine('{"type":"ADDED","object":{"kind":"ConfigMap"}}')?.type, 'ADDED');
});

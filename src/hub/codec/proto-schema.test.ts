import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { decodeMessage, encodeMessage, type MessageSchema } from './proto-schema.js';
import { ProtoReader } from './protobuf-reader.js';
import { ProtoWriter } from './protobuf-writer.js';

const PARTIAL: MessageSchema = { name: 'Partial', partial: true, fields: [{ no: 1, json: 'a', type: 'string' }] };
const COMPLETE: MessageSchema = { name: 'Complete', fields: [{ no: 1, json: 'a', type: 'string' }] };

const decode = (schema: MessageSchema, w: ProtoWriter): Record<string, unknown> => decodeMessage(schema, new ProtoReader(w.finish(), schema.name));

describe('proto-schema', () => {
  it('skips unknown fields of a complete schema, as Go does', () => {
    assert.deepEqual(decode(COMPLETE, new ProtoWriter().string(1, 'x').string(2, 'newer field').varint(3, 7)), { a: 'x' });
  });

  it('a partial schema lets unknown fields with zero values pass and refuses ones that carry a value', () => {
    assert.deepEqual(decode(PARTIAL, new ProtoWriter().string(1, 'x').string(2, '').varint(3, 0)), { a: 'x' });
    for (const w of [new ProtoWriter().string(2, 'set'), new ProtoWriter().varint(3, 1), new ProtoWriter().message(4, new ProtoWriter().varint(1, 0))]) {
      assert.throws(
        () => decode(PARTIAL, w),
        (err: unknown) => err instanceof ApiError && err.code === 415 && /field \d of Partial is not supported in protobuf.*kubectl apply -f/.test(err.message),
      );
    }
  });

  it('inline structs share the enclosing object; maps of custom values round-trip', () => {
    const inner: MessageSchema = { name: 'Inner', fields: [{ no: 1, json: 'name', type: 'string' }] };
    const outer: MessageSchema = {
      name: 'Outer',
      fields: [
        { no: 1, json: 'ref', type: { message: inner }, inline: true },
        { no: 2, json: 'key', type: 'string', always: true },
        { no: 3, json: 'sizes', type: { map: 'bytes' } },
      ],
    };
    const json = { name: 'cm', key: 'k', sizes: { b: Buffer.from([1, 2]).toString('base64') } };
    assert.deepEqual(decode(outer, encodeMessage(outer, json)), json);
    assert.deepEqual(decode(outer, new ProtoWriter()), { key: '' });
  });
});

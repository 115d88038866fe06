import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../errors.js';
import { ProtoReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './protobuf-reader.js';

const reader = (bytes: number[]): ProtoReader => new ProtoReader(Uint8Array.from(bytes), 'test');

function is400(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof ApiError && err.code === 400 && err.reason === 'BadRequest' && message.test(err.message));
}

describe('ProtoReader', () => {
  it('reads the varints from the protobuf encoding guide', () => {
    assert.equal(reader([0x01]).uint(), 1);
    assert.equal(reader([0x96, 0x01]).uint(), 150);
    assert.equal(reader([0x80, 0xe2, 0xcf, 0xaa, 0x06]).int64(), 1_700_000_000);
  });

  it('reads negative int64 from ten-byte two’s complement', () => {
    assert.equal(reader([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).int64(), -1);
    assert.equal(reader([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]).int64(), -2);
  });

  it('reads tags, strings and booleans', () => {
    // field 1 LEN "testing", field 2 varint 1
    const r = reader([0x0a, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67, 0x10, 0x01]);
    assert.deepEqual(r.tag(), { field: 1, wireType: WIRE_LEN });
    assert.equal(r.string(), 'testing');
    assert.deepEqual(r.tag(), { field: 2, wireType: WIRE_VARINT });
    assert.equal(r.bool(), true);
    assert.ok(r.done());
  });

  it('reads little-endian fixed32 and fixed64', () => {
    assert.equal(reader([0x78, 0x56, 0x34, 0x12]).fixed32(), 0x12345678);
    assert.equal(reader([1, 0, 0, 0, 0, 0, 0, 0x80]).fixed64(), 0x8000000000000001n);
  });

  it('skips unknown fields of every wire type', () => {
    // f1 varint 300, f2 fixed64, f3 LEN 2 bytes, f4 fixed32, then f5 varint 7
    const r = reader([0x08, 0xac, 0x02, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1a, 0x02, 0xaa, 0xbb, 0x25, 1, 2, 3, 4, 0x28, 0x07]);
    for (const wt of [WIRE_VARINT, WIRE_FIXED64, WIRE_LEN, WIRE_FIXED32]) {
      const tag = r.tag();
      assert.equal(tag.wireType, wt);
      r.skip(tag.wireType, tag.field);
    }
    assert.deepEqual(r.tag(), { field: 5, wireType: WIRE_VARINT });
    assert.equal(r.uint(), 7);
  });

  it('rejects truncated and malformed input with 400', () => {
    is400(() => reader([0x96]).uint(), /truncated varint at byte 0/);
    is400(() => reader([0x05, 0x61]).bytesField(), /length 5 runs past the end/);
    is400(() => reader([0x01, 0x02]).fixed32(), /truncated fixed32/);
    is400(() => reader([0x01]).fixed64(), /truncated fixed64/);
    is400(() => reader(Array(11).fill(0xff)).varintBig(), /longer than 10 bytes/);
    is400(() => reader([0x0f]).tag(), /invalid wire type 7/);
    is400(() => reader([0x02]).tag(), /invalid field number 0/);
    is400(() => reader([0x0b]).skip(3, 1), /group/);
  });

  it('keeps nested readers inside their own slice', () => {
    // f1 LEN [f1 varint 5], then f2 varint 9 outside the nested message
    const r = reader([0x0a, 0x02, 0x08, 0x05, 0x10, 0x09]);
    r.tag();
    const inner = r.message('inner');
    inner.tag();
    assert.equal(inner.uint(), 5);
    assert.ok(inner.done());
    assert.deepEqual(r.tag(), { field: 2, wireType: WIRE_VARINT });
  });
});

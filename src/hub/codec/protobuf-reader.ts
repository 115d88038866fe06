// Minimal protobuf wire-format reader (https://protobuf.dev/programming-guides/encoding/) for
// the few Kubernetes messages the hub decodes. Request bodies are untrusted: every read is
// bounds-checked and failures are 400 BadRequest naming the offset.

import { badRequest } from '../errors.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

export interface Tag {
  field: number;
  wireType: number;
}

const MAX_FIELD_NUMBER = 2 ** 29 - 1;
const utf8 = new TextDecoder('utf-8');

export class ProtoReader {
  private pos: number;

  /** Reads `bytes[start, end)`; nested messages get their own reader over their slice. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get offset(): number {
    return this.pos;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  private fail(problem: string, at = this.pos): never {
    throw badRequest(`invalid protobuf in ${this.what}: ${problem} at byte ${at}`);
  }

  /** Unsigned varint of up to 64 bits. */
  varintBig(): bigint {
    const start = this.pos;
    let value = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('truncated varint', start);
      const b = this.bytes[this.pos++];
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return BigInt.asUintN(64, value);
    }
    return this.fail('varint longer than 10 bytes', start);
  }

  /** A varint that must fit a JS number exactly (lengths, tags, sane int64 values). */
  uint(): number {
    const start = this.pos;
    const v = this.varintBig();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail('varint too large', start);
    return Number(v);
  }

  /** int64/int32 fields: two's complement in a 10-byte varint when negative. */
  int64(): number {
    const start = this.pos;
    const v = BigInt.asIntN(64, this.varintBig());
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) this.fail('int64 out of range', start);
    return Number(v);
  }

  bool(): boolean {
    return this.varintBig() !== 0n;
  }

  tag(): Tag {
    const start = this.pos;
    const key = this.uint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (field === 0 || field > MAX_FIELD_NUMBER) this.fail(`invalid field number ${field}`, start);
    if (wireType > 5) this.fail(`invalid wire type ${wireType}`, start);
    return { field, wireType };
  }

  /** Payload of a length-delimited field (a view, not a copy). */
  bytesField(): Uint8Array {
    const start = this.pos;
    const length = this.uint();
    if (length > this.end - this.pos) this.fail(`length ${length} runs past the end of the message`, start);
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  string(): string {
    return utf8.decode(this.bytesField());
  }

  /** A reader over an embedded message. */
  message(what: string): ProtoReader {
    const payload = this.bytesField();
    return new ProtoReader(payload, `${this.what} > ${what}`);
  }

  fixed32(): number {
    if (this.end - this.pos < 4) this.fail('truncated fixed32');
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4).getUint32(0, true);
    this.pos += 4;
    return v;
  }

  fixed64(): bigint {
    if (this.end - this.pos < 8) this.fail('truncated fixed64');
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getBigUint64(0, true);
    this.pos += 8;
    return v;
  }

  /** Skips a field this decoder does not know, so newer clients' extra fields are tolerated. */
  skip(wireType: number, field: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varintBig();
        return;
      case WIRE_FIXED64:
        this.fixed64();
        return;
      case WIRE_LEN:
        this.bytesField();
        return;
      case WIRE_FIXED32:
        this.fixed32();
        return;
      case WIRE_START_GROUP:
        // Groups are proto2 legacy that Kubernetes never emits.
        return this.fail(`unsupported group wire type (field ${field})`);
      default:
        return this.fail(`unexpected wire type ${wireType} (field ${field})`);
    }
  }

  /** Guards a known field against a mismatched wire type before reading it. */
  expect(tag: Tag, wireType: number, name: string): void {
    if (tag.wireType !== wireType) this.fail(`field ${tag.field} (${name}) has wire type ${tag.wireType}, expected ${wireType}`);
  }
}

// Minimal protobuf wire-format writer, the mirror of protobuf-reader.ts. The hub never answers
// in protobuf; this exists so tests can build the bodies kubectl sends.

export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];

  private push(bytes: Uint8Array | number[]): void {
    this.chunks.push(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes));
  }

  private varintRaw(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    const out: number[] = [];
    do {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      out.push(v === 0n ? b : b | 0x80);
    } while (v !== 0n);
    this.push(out);
  }

  private tag(field: number, wireType: number): void {
    this.varintRaw(BigInt(field * 8 + wireType));
  }

  varint(field: number, value: number | bigint | boolean): this {
    this.tag(field, 0);
    this.varintRaw(typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value));
    return this;
  }

  bytes(field: number, payload: Uint8Array): this {
    this.tag(field, 2);
    this.varintRaw(BigInt(payload.length));
    this.push(payload);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

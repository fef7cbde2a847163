/**
 * A protocol-buffers writer: just what ONNX export needs (varints, 64-bit integers, fixed32
 * floats, length-delimited strings, bytes and nested messages). Hand-written rather than a
 * dependency: writing is ~60 lines over three wire types, the schema lives in `onnx-proto.ts`
 * next to the field numbers it uses, and the package stays dependency-free and browser-safe.
 *
 * Encoding reference: https://protobuf.dev/programming-guides/encoding/
 */

const VARINT = 0;
const FIXED32 = 5;
const LENGTH_DELIMITED = 2;

const utf8 = new TextEncoder();

/** Appends fields to a growing list of chunks; {@link finish} concatenates them once. */
export class ProtoWriter {
  readonly #chunks: Uint8Array[] = [];
  readonly #scratch: number[] = [];

  /** A varint field: int32/int64/enum/bool. Negative values take ten bytes (two's complement), as protobuf requires. */
  int(field: number, value: number | bigint): this {
    this.#key(field, VARINT);
    this.#varint(BigInt.asUintN(64, BigInt(value)));
    return this;
  }

  /** A `float` field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.#key(field, FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    return this.#push(b);
  }

  /** A `string` field, UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A `bytes` field, or an embedded message already encoded. */
  bytes(field: number, value: Uint8Array): this {
    this.#key(field, LENGTH_DELIMITED);
    this.#varint(BigInt(value.length));
    return this.#push(value);
  }

  /** An embedded message. */
  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  /** A packed `repeated int64` field. */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.#varint(BigInt.asUintN(64, BigInt(v)));
    return this.bytes(field, inner.finish());
  }

  /** The encoded message. */
  finish(): Uint8Array {
    this.#flush();
    if (this.#chunks.length === 1) return this.#chunks[0]!;
    const out = new Uint8Array(this.#chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.#chunks.splice(0, this.#chunks.length, out);
    return out;
  }

  #key(field: number, wireType: number): void {
    this.#varint(BigInt(field) * 8n + BigInt(wireType));
  }

  #varint(v: bigint): void {
    // Small bytes go to a scratch list, flushed as one chunk before the next large one.
    while (v >= 0x80n) {
      this.#scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.#scratch.push(Number(v));
  }

  #flush(): void {
    if (this.#scratch.length === 0) return;
    this.#chunks.push(Uint8Array.from(this.#scratch));
    this.#scratch.length = 0;
  }

  #push(b: Uint8Array): this {
    this.#flush();
    this.#chunks.push(b);
    return this;
  }
}

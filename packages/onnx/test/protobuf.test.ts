import { describe, expect, it } from "vitest";
import { ProtoWriter } from "../src/protobuf.js";

// Expected bytes are the worked examples of the protobuf encoding guide
// (protobuf.dev/programming-guides/encoding), or derived by hand from its rules.
const bytes = (w: ProtoWriter) => Array.from(w.finish());

describe("ProtoWriter", () => {
  it("varints: field 1 = 150 is 08 96 01", () => {
    expect(bytes(new ProtoWriter().int(1, 150))).toEqual([0x08, 0x96, 0x01]);
    expect(bytes(new ProtoWriter().int(1, 0))).toEqual([0x08, 0x00]);
    expect(bytes(new ProtoWriter().int(20, 7))).toEqual([0xa0, 0x01, 0x07]); // key (20 << 3) | 0 = 160
  });

  it("negative int64 takes ten bytes (two's complement)", () => {
    expect(bytes(new ProtoWriter().int(1, -1))).toEqual([0x08, ...Array(9).fill(0xff), 0x01]);
    expect(bytes(new ProtoWriter().int(1, -2))).toEqual([0x08, 0xfe, ...Array(8).fill(0xff), 0x01]);
  });

  it("strings: field 2 = 'testing' is 12 07 74 65 73 74 69 6e 67", () => {
    expect(bytes(new ProtoWriter().string(2, "testing"))).toEqual([
      0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67,
    ]);
    expect(bytes(new ProtoWriter().string(1, "é"))).toEqual([0x0a, 0x02, 0xc3, 0xa9]);
  });

  it("packed repeated ints: field 4 = [3, 270, 86942] is 22 06 03 8e 02 9e a7 05", () => {
    expect(bytes(new ProtoWriter().packedInts(4, [3, 270, 86942]))).toEqual([
      0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05,
    ]);
  });

  it("floats are fixed32 little-endian, nested messages are length-delimited", () => {
    expect(bytes(new ProtoWriter().float(2, 1))).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
    // Test3 { c: Test1 { a: 150 } } from the guide: 1a 03 08 96 01
    expect(bytes(new ProtoWriter().message(3, new ProtoWriter().int(1, 150)))).toEqual([
      0x1a, 0x03, 0x08, 0x96, 0x01,
    ]);
    expect(bytes(new ProtoWriter())).toEqual([]);
  });

  it("a long field's length is a multi-byte varint", () => {
    const out = new ProtoWriter().bytes(9, new Uint8Array(300)).finish();
    expect(Array.from(out.subarray(0, 3))).toEqual([0x4a, 0xac, 0x02]);
    expect(out.length).toBe(303);
  });
});

import { describe, expect, it } from "vitest";
import { DigitFileError, decodeDigits, encodeDigits, PIXELS } from "../src/digits/format.js";
import { toMnist } from "../src/digits/preprocess.js";

describe("digit files", () => {
  it("round-trips pixels to 1/255 and labels exactly", () => {
    const pixels = new Float32Array(2 * PIXELS).map((_, i) => (i % 256) / 255);
    const bytes = encodeDigits(pixels, new Int32Array([7, 0]));
    expect(bytes.length).toBe(4 + 2 * 785);
    const back = decodeDigits(bytes, "t.bin");
    expect(back.count).toBe(2);
    expect([...back.labels]).toEqual([7, 0]);
    for (let i = 0; i < pixels.length; i++) expect(back.pixels[i]).toBeCloseTo(pixels[i]!, 6);
  });

  it("names the file and the problem when bytes are wrong", () => {
    const bytes = encodeDigits(new Float32Array(PIXELS), new Int32Array([3]));
    expect(() => decodeDigits(bytes.subarray(0, 100), "d.bin")).toThrow(
      /d\.bin: 100 bytes, but a count of 1 digits needs 789/,
    );
    const bad = bytes.slice();
    bad[4 + PIXELS] = 12;
    expect(() => decodeDigits(bad, "d.bin")).toThrow(DigitFileError);
    expect(() => encodeDigits(new Float32Array(5), new Int32Array([1]))).toThrow(/5 pixels for 1 labels/);
  });
});

describe("toMnist: a drawing as MNIST would have it", () => {
  const canvas = (size: number, ink: (r: number, c: number) => boolean) => {
    const a = new Float32Array(size * size);
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) a[r * size + c] = ink(r, c) ? 1 : 0;
    return a;
  };

  it("returns null for a blank canvas", () => {
    expect(toMnist(new Float32Array(100 * 100), 100)).toBeNull();
  });

  it("scales a square blob in a corner to 20×20, centred at (14, 14)", () => {
    const out = toMnist(
      canvas(100, (r, c) => r < 40 && c >= 60),
      100,
    )!;
    let mass = 0;
    let my = 0;
    let mx = 0;
    let count = 0;
    for (let r = 0; r < 28; r++)
      for (let c = 0; c < 28; c++) {
        const v = out[r * 28 + c]!;
        mass += v;
        my += v * (r + 0.5);
        mx += v * (c + 0.5);
        if (v > 0.5) count++;
      }
    expect(count).toBe(400); // the 40×40 square becomes exactly 20×20 pixels
    expect(my / mass).toBeCloseTo(14, 5);
    expect(mx / mass).toBeCloseTo(14, 5);
  });

  it("keeps the aspect ratio of a tall stroke (a 1 stays thin)", () => {
    const out = toMnist(
      canvas(280, (r, c) => r >= 40 && r < 240 && c >= 130 && c < 150),
      280,
    )!;
    const rows = new Set<number>();
    const cols = new Set<number>();
    for (let i = 0; i < PIXELS; i++)
      if (out[i]! > 0.5) {
        rows.add(Math.floor(i / 28));
        cols.add(i % 28);
      }
    expect(rows.size).toBe(20); // 200 tall → 20
    expect(cols.size).toBe(2); // 20 wide → 2
  });
});

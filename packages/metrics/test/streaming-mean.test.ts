import { describe, expect, it } from "vitest";
import { Mean } from "../src/streaming/mean.js";

describe("Mean (streaming)", () => {
  it("averages numbers and arrays, with weights", () => {
    const m = new Mean();
    m.update(2, 3); // 2, three times
    m.update([4, 6]);
    expect(m.compute()).toBeCloseTo((2 * 3 + 4 + 6) / 5, 15);
    m.reset();
    expect(() => m.compute()).toThrow(/no samples seen/);
  });
});

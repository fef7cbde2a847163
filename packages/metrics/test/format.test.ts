import { describe, expect, it } from "vitest";
import { pyFixed } from "../src/format.js";

describe("pyFixed formats as Python's format(x, '.Nf')", () => {
  // Expected strings are Python's: format(0.125, '.2f') == '0.12', etc.
  it("rounds exact ties to even, where toFixed rounds them up", () => {
    expect(pyFixed(0.125, 2)).toBe("0.12");
    expect(pyFixed(0.375, 2)).toBe("0.38");
    expect(pyFixed(2.5, 0)).toBe("2");
    expect(pyFixed(3.5, 0)).toBe("4");
    expect(pyFixed(-0.125, 2)).toBe("-0.12");
    expect(pyFixed(0.5625, 3)).toBe("0.562");
  });

  it("rounds non-ties to nearest on the exact binary value", () => {
    expect(pyFixed(0.615, 2)).toBe("0.61"); // 0.615 is 0.61499999… in binary
    expect(pyFixed(2 / 3, 4)).toBe("0.6667");
    expect(pyFixed(1, 2)).toBe("1.00");
  });

  it("writes nan and inf as Python does", () => {
    expect(pyFixed(Number.NaN, 2)).toBe("nan");
    expect(pyFixed(Number.POSITIVE_INFINITY, 2)).toBe("inf");
    expect(pyFixed(Number.NEGATIVE_INFINITY, 2)).toBe("-inf");
  });
});

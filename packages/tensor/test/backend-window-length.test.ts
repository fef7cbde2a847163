import { describe, expect, it } from "vitest";
import { windowOutputLength as outputSize } from "../src/backend/window-length.js";

describe("windowOutputLength", () => {
  it("follows PyTorch's floor((size + pads - dilation·(kernel - 1) - 1) / stride) + 1", () => {
    expect(outputSize(28, 3, 1, 1, 1, 1)).toBe(28);
    expect(outputSize(28, 2, 2, 0, 0, 1)).toBe(14);
    expect(outputSize(7, 3, 2, 1, 1, 1)).toBe(4);
    expect(outputSize(9, 3, 1, 0, 0, 2)).toBe(5);
    expect(outputSize(6, 3, 1, 1, 0, 1)).toBe(5);
  });
  it("is 0 when the window never fits", () => {
    expect(outputSize(2, 3, 1, 0, 0, 1)).toBe(0);
    expect(outputSize(3, 3, 1, 0, 0, 2)).toBe(0);
  });
});

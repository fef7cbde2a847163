import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { xor } from "../src/xor.js";

registerBackend("cpu", createCpuBackend);

describe("xor", () => {
  it("is the XOR truth table", () => {
    const d = xor();
    expect(d.x.dtype).toBe("float32");
    expect(d.x.toArray()).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(d.y.dtype).toBe("int32");
    expect(d.y.toArray()).toEqual([0, 1, 1, 0]);
    expect(d.classNames).toEqual(["0", "1"]);
    d.dispose();
    expect(d.x.isDisposed && d.y.isDisposed).toBe(true);
  });
});

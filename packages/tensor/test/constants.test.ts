import { describe, expect, it } from "vitest";
import { add, memory, mul, registerBackend, setBackend, tensor, tidy } from "../src/index.js";
import { createTestBackend } from "./helpers/reference-backend.js";

describe("scalar constants", () => {
  it("are uploaded once per backend and dtype, and never counted or freed", async () => {
    const backend = createTestBackend();
    let writes = 0;
    const write = backend.kernels.write;
    backend.kernels.write = (values, dtype) => {
      writes++;
      return write(values, dtype);
    };
    registerBackend("counting", backend);
    await setBackend("counting");
    const x = tensor([1, 2, 3]);
    const base = memory();
    const first = writes;
    tidy(() => {
      mul(x, 2.5);
    });
    expect(writes - first).toBe(1); // the constant, once
    for (let i = 0; i < 100; i++) {
      tidy(() => {
        add(mul(x, 2.5), 2.5);
      });
    }
    expect(writes - first).toBe(1);
    expect(memory()).toEqual(base);
    // -0 and 0 are different constants (1 / -0 is -Infinity); int32 and float32 too.
    expect(tidy(() => mul(tensor([1]), -0).toArray())).toEqual([-0]);
    expect(tidy(() => add(tensor([1], "int32"), 2).dtype)).toBe("int32");
    x.dispose();
  });
});

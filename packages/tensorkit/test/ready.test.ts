import { describe, expect, it } from "vitest";
import * as tk from "../src/index.js";

describe("tensorkit umbrella", () => {
  it("registers nothing on import, then activates the best built-in backend (wasm) on ready()", async () => {
    expect(tk.listBackends()).toEqual([]);
    expect(await tk.ready()).toBe("wasm");
    const wasm = tk.listBackends().find((b) => b.name === "wasm")!;
    expect(wasm.active).toBe(true);
    expect(wasm.optionalKernels).toContain("conv2d");
    // a second call keeps the registration and the choice
    expect(await tk.ready()).toBe("wasm");
    expect(tk.listBackends().map((b) => b.name)).toEqual(["wasm", "cpu"]);
  });

  it("re-exports the tensor core and the backends as namespaces", () => {
    const c = tk.tidy(() => tk.matmul(tk.tensor([[1, 2]]), tk.tensor([[3], [4]])));
    expect(c.toArray()).toEqual([[11]]);
    c.dispose();
    expect(typeof tk.backendCpu.createCpuBackend).toBe("function");
    expect(typeof tk.backendWasm.createWasmBackend).toBe("function");
    for (const ns of [
      tk.autograd.grad,
      tk.nn.Linear,
      tk.optim.Adam,
      tk.data.StandardScaler,
      tk.metrics.accuracy,
      tk.datasets.iris,
    ]) {
      expect(typeof ns).toBe("function");
    }
  });
});

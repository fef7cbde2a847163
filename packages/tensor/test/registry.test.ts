import { describe, expect, it } from "vitest";
import {
  type Backend,
  BackendError,
  getBackend,
  listBackends,
  ones,
  REQUIRED_KERNELS,
  registerBackend,
  removeBackend,
  setBackend,
  tensor,
} from "../src/index.js";
import { createTestBackend } from "./helpers/reference-backend.js";

// Each test file runs in its own module instance, so the registry starts empty here.
describe("backend registry", () => {
  it("says how to get a backend when none is registered", () => {
    expect(() => getBackend()).toThrow(BackendError);
    expect(() => tensor([1])).toThrow(
      /no backend is registered: install one \(e\.g\. @tensorkit\/backend-cpu\)/,
    );
  });

  it("rejects, by name, a backend that lacks required kernels", () => {
    const broken = createTestBackend();
    const { sum: _sum, gather: _gather, ...kernels } = broken.kernels;
    expect(() => registerBackend("broken", { ...broken, kernels } as unknown as Backend)).toThrow(
      "backend 'broken' lacks required kernels: sum, gather",
    );
    expect(REQUIRED_KERNELS).toContain("scatterAdd");
  });

  it("activates the highest-priority synchronous backend on first use", () => {
    registerBackend("low", createTestBackend, { priority: 1 });
    registerBackend("high", createTestBackend, { priority: 5 });
    registerBackend("async", async () => createTestBackend(), { priority: 9 });
    const x = ones([1]);
    expect(getBackend()).toBe(x.backend);
    const info = listBackends();
    expect(info.map((b) => b.name)).toEqual(["async", "high", "low"]);
    expect(info.find((b) => b.name === "high")!.active).toBe(true);
    expect(info.find((b) => b.name === "async")!.initialized).toBe(false);
    x.dispose();
  });

  it("initialises asynchronous backends through setBackend and reports their kernels", async () => {
    await setBackend("async");
    const info = listBackends().find((b) => b.name === "async")!;
    expect(info.active).toBe(true);
    expect(info.initialized).toBe(true);
    expect(info.missingKernels).toContain("matmul");
    expect([...info.optionalKernels, ...info.missingKernels].length).toBeGreaterThan(10);
  });

  it("refuses unknown names and mixing backends in one op", async () => {
    await expect(setBackend("nope")).rejects.toThrow(
      "setBackend: no backend named 'nope' is registered (registered: ",
    );
    await setBackend("low");
    const a = ones([2]);
    await setBackend("high");
    const b = ones([2]);
    expect(() => a.add(b)).toThrow(
      /add: inputs live on different backends \('low' for \[2\], 'high' for \[2\]\); move one with \.to\('low'\)/,
    );
    const moved = b.to("low");
    expect(a.add(moved).toArray()).toEqual([2, 2]);
    removeBackend("async");
    expect(listBackends().map((x) => x.name)).not.toContain("async");
  });
});

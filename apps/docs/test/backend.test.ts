import { describe, expect, it } from "vitest";

describe("writing a backend: the guide's example", () => {
  it("runs relu through the specialised kernel and reports it", async () => {
    const e = await import("../examples/backend.js");
    expect(e.out).toEqual([0, 0, 0, 3]);
    expect(e.calls.relu).toBe(1);
    expect(e.info.optionalKernels).toContain("relu");
    expect(e.info.active).toBe(true);
  });
});

import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import type { Suite } from "../suite.js";

const F = "report";

/** The line printed once per backend: which optional kernels it specialises, which it leaves. */
export function formatReport(info: tk.BackendInfo): string {
  const total = tk.OPTIONAL_KERNELS.length;
  const has = info.optionalKernels.length ? info.optionalKernels.join(", ") : "none";
  const missing = info.missingKernels.length ? info.missingKernels.join(", ") : "none";
  return (
    `[backend-conformance] '${info.name}' specialises ${info.optionalKernels.length}/${total} optional kernels: ${has}\n` +
    `[backend-conformance] '${info.name}' uses the reference compositions for: ${missing}`
  );
}

export function report(s: Suite): void {
  describe("kernel table", () => {
    s.test(F, "every required kernel is a function", () => {
      const kernels = s.backend.kernels as unknown as Record<string, unknown>;
      const missing = tk.REQUIRED_KERNELS.filter((k) => typeof kernels[k] !== "function");
      expect(missing, "missing required kernels").toEqual([]);
      expect(s.backend.dtypes).toEqual(expect.arrayContaining(["float32", "int32", "bool"]));
    });

    s.test(F, "the optional-kernel report of listBackends() matches the kernel table", () => {
      const info = tk.listBackends().find((b) => b.name === s.name);
      expect(info, `listBackends() has '${s.name}'`).toBeDefined();
      expect(info!.initialized).toBe(true);
      expect(info!.active).toBe(true);
      const kernels = s.backend.kernels as unknown as Record<string, unknown>;
      const declared = tk.OPTIONAL_KERNELS.filter((k) => typeof kernels[k] === "function");
      expect([...info!.optionalKernels].sort()).toEqual([...declared].sort());
      expect([...info!.optionalKernels, ...info!.missingKernels].sort()).toEqual(
        [...tk.OPTIONAL_KERNELS].sort(),
      );
      // no kernel names outside the contract: a misspelt optional kernel would silently never run
      const known = new Set<string>([...tk.REQUIRED_KERNELS, ...tk.OPTIONAL_KERNELS]);
      const unknown = Object.keys(kernels).filter((k) => !known.has(k));
      expect(unknown, "kernels the contract does not define (misspelt?)").toEqual([]);
    });
  });
}

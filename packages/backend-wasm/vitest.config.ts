import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: "backend-wasm",
      include: ["test/**/*.test.ts"],
      // Node 20 runs relaxed SIMD only behind this flag, and workers don't inherit node flags.
      execArgv: ["--experimental-wasm-relaxed-simd"],
    },
  }),
);

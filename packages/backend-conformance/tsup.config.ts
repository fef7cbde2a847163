import { defineConfig } from "tsup";

export default defineConfig({
  // `minimal` is its own entry so that `dist/minimal.js` sits beside `dist/index.js`: the suite
  // finds `fixtures/` one level up from either.
  entry: { index: "src/index.ts", minimal: "src/minimal/index.ts" },
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "es2022",
  external: ["vitest", "@tensorkit/tensor"],
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
});

import { defineConfig } from "tsup";

export default defineConfig({
  // `node` is a separate entry so that the main one never imports node:fs and bundles for the browser.
  // The search worker is its own file: worker_threads start it by URL (dist/search/worker.js).
  entry: ["src/index.ts", "src/node.ts", "src/search/worker.ts"],
  format: ["esm"],
  sourcemap: true,
  clean: true,
  target: "es2022",
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
});

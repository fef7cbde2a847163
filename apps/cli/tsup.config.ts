import { defineConfig } from "tsup";

// One ESM file for Node 20; tsup keeps src/bin.ts's `#!/usr/bin/env node` and marks it executable.
export default defineConfig({
  entry: { index: "src/bin.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
});

import { defineConfig } from "vitest/config";

// One vitest process over every project (`pnpm test:vitest`); `pnpm test` runs them per package via turbo.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts", "tooling/*/vitest.config.ts"],
  },
});

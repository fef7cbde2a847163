import type { UserConfig } from "vite";
import { defaultClientConditions, defaultServerConditions } from "vite";

/**
 * Tests run against each package's `src` through the `@tensorkit/source` export condition, so no
 * build is needed first. Vitest (node) resolves through `ssr.resolve.conditions`; setting
 * conditions replaces Vite's defaults, hence the spread.
 */
export const sharedConfig = {
  resolve: { conditions: ["@tensorkit/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@tensorkit/source", ...defaultServerConditions] } },
  // Tests that train models take seconds, and turbo runs several packages' tests at once on two
  // cores: vitest's 5 s default fails them under load. Timings are the bench's job, not tests'.
  // The JSON report is what `scripts/test-summary.mjs` adds up into one closing line for the
  // whole workspace ("N passed, N failed"), which CI reads; turbo caches it as the task's output.
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results/vitest.json" },
  },
} satisfies UserConfig & {
  test: {
    testTimeout: number;
    hookTimeout: number;
    reporters: string[];
    outputFile: { json: string };
  };
};

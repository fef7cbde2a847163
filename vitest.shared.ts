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
} satisfies UserConfig;

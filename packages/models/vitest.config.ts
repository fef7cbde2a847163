import { defineProject, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

export default mergeConfig(
  sharedConfig,
  defineProject({
    test: {
      name: "models",
      include: ["test/**/*.test.ts"],
      testTimeout: 60_000 /* mnist() parses the package's 21 MB of JSON on first use */,
    },
  }),
);

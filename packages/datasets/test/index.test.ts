import { describe, expect, it } from "vitest";
import * as datasets from "../src/index.js";

describe("@tensorkit/datasets public surface", () => {
  it("exports every loader and generator", () => {
    for (const name of [
      "xor",
      "iris",
      "mnist",
      "moons",
      "circles",
      "blobs",
      "spirals",
      "regression",
      "textTopics",
      "ratings",
      "interactions",
      "penguins",
      "spamAssassin",
      "leaveOneOut",
      "withNegatives",
      "candidatePairs",
      "popularityScores",
    ]) {
      expect(typeof (datasets as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});

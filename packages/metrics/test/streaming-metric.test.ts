import { describe, expect, it } from "vitest";
import { nothingSeen } from "../src/streaming/metric.js";

describe("nothingSeen", () => {
  it("names the metric", () => {
    expect(() => nothingSeen("Accuracy")).toThrow("Accuracy.compute: no samples seen since the last reset");
  });
});

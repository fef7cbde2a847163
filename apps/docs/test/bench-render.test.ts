import { describe, expect, it } from "vitest";
import { BenchSnapshotError, renderBenchmarks } from "../src/bench/render.js";

const row = (library: string, backend: string, medianMs: number) => ({
  workload: "matmul 512",
  library,
  backend,
  medianMs,
  minMs: medianMs * 0.9,
  maxMs: medianMs * 1.1,
  unit: "GFLOP/s",
  value: 0.268 / (medianMs / 1000),
  iterations: 5,
  relError: library === "tensorkit" ? 1.2e-7 : null,
});

describe("benchmarks page", () => {
  it("renders each workload with the speed-up over each TensorFlow.js backend", () => {
    const md = renderBenchmarks(
      {
        machine: { cpu: "Test CPU", cores: 2, libraries: { "@tensorflow/tfjs-core": "4.22.0" } },
        results: [
          row("tfjs", "wasm", 20),
          row("tfjs", "cpu", 100),
          row("tensorkit", "wasm", 8),
          row("tensorkit", "cpu", 50),
        ],
      },
      "bench.json",
    );
    expect(md).toMatch(/^## matmul 512$/m);
    expect(md).toMatch(/\| cpu \| Test CPU \|/);
    expect(md).toMatch(/\| @tensorflow\/tfjs-core \| 4\.22\.0 \|/);
    // 20 / 8 = 2.50× over tfjs-wasm, 100 / 8 = 12.50× over tfjs-cpu
    expect(md).toMatch(
      /\| tensorkit-wasm \| 8\.00 ms \| .* \| \*\*2\.50×\*\* \| \*\*12\.50×\*\* \| 1\.2e-7 \|/,
    );
    // slower than tfjs-wasm (20 / 50 = 0.40×): not bold; faster than tfjs-cpu (2.00×): bold
    expect(md).toMatch(/\| tensorkit-cpu \| 50\.0 ms \| .* \| 0\.40× \| \*\*2\.00×\*\* \| 1\.2e-7 \|/);
  });

  it("rejects something that is not `pnpm bench --json` output, naming the field", () => {
    expect(() => renderBenchmarks({ results: [] }, "x.json")).toThrow(BenchSnapshotError);
    expect(() =>
      renderBenchmarks({ machine: {}, results: [{ ...row("tfjs", "cpu", 1), medianMs: "1" }] }, "x.json"),
    ).toThrow(/x\.json: results\[0\]\.medianMs is not a number/);
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, runJson, tempDir } from "./helpers.js";

interface Row {
  rank: number;
  candidate: number;
  params: { hidden: number[]; activation: string };
  meanScore: number;
  stdScore: number;
  foldScores: number[];
  fitSeconds: number;
}
interface SearchJson {
  command: string;
  metric: string;
  folds: number;
  best: Row;
  table: Row[];
  testScore: number;
  test: { accuracy: number; samples: number };
  model: string | null;
}

const dir = tempDir();
const spaceFile = join(dir, "space.json");
// Tiny on purpose: 2 candidates × 3 folds × 6 epochs.
writeFileSync(
  spaceFile,
  JSON.stringify({ hidden: [[6]], activation: ["relu", "tanh"], lr: [0.05], batchSize: [16], epochs: [6] }),
);
const untimed = (rows: Row[]) => rows.map(({ fitSeconds: _, ...r }) => r);

describe("tensorkit search", () => {
  it("iris --json: a ranked table whose best CV score is the mean of its folds, and a separate test score", async () => {
    const out = join(dir, "best.safetensors");
    const r = await runJson<SearchJson>(
      "search",
      "iris",
      "--space",
      spaceFile,
      "--folds",
      "3",
      "--out",
      out,
      "-q",
    );
    expect(r.command).toBe("search");
    expect(r.metric).toBe("accuracy");
    expect(r.table.map((row) => row.params.activation).sort()).toEqual(["relu", "tanh"]);
    const [a, b, c] = r.best.foldScores as [number, number, number];
    expect(r.best.meanScore).toBeCloseTo((a + b + c) / 3, 12);
    expect(r.table[0]!.meanScore).toBeGreaterThanOrEqual(r.table[1]!.meanScore);
    // 30 stratified test flowers, scored by the library and by the CLI's own metrics alike.
    expect(r.test.samples).toBe(30);
    expect(r.testScore).toBeCloseTo(r.test.accuracy, 6);
    expect(r.model).toBe(out);
    // The saved best model is a regular model file: `evaluate` loads it with its preprocessing
    // (an untrained or mis-scaled model would sit near 1/3 on three balanced species).
    const evaluated = await runJson<{ test: { accuracy: number } }>("evaluate", out, "iris");
    expect(evaluated.test.accuracy).toBeGreaterThan(0.8);
  }, 120_000);

  it("--workers 2 prints the same table as a sequential run", async () => {
    const args = ["search", "iris", "--space", spaceFile, "--folds", "3", "--seed", "4", "-q"];
    const sequential = await runJson<SearchJson>(...args);
    const parallel = await runJson<SearchJson>(...args, "--workers", "2");
    expect(untimed(parallel.table)).toEqual(untimed(sequential.table));
    expect(parallel.testScore).toBe(sequential.testScore);
  }, 120_000);

  it("prints the table with progress on stderr and writes it as CSV", async () => {
    const csv = join(dir, "table.csv");
    const r = await run("search", "iris", "--space", spaceFile, "--folds", "3", "--csv", csv);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Cross-validated accuracy of 2 candidates (3 folds, higher is better)");
    expect(r.stdout).toMatch(/rank\s+#\s+activation\s+accuracy \(mean ± std\)\s+folds\s+fit s/);
    expect(r.stdout).toContain(
      "same for all: hidden=6 dropout=0 l2=0 optimizer=adam lr=0.05 batchSize=16 epochs=6",
    );
    expect(r.stderr).toMatch(/\[3\/7\] candidate #\d: mean \d\.\d{4} over 3 folds/);
    expect(r.stderr).toContain("refitted the best candidate");
    const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^rank,candidate,hidden,activation,.*,mean_accuracy,std_accuracy,fold0,fold1,fold2,/,
    );
  }, 120_000);

  it("an invalid space fails before any training, naming the file and the entry", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ hidden: [[8], [16, -4]], activation: ["relu"] }));
    const r = await run("search", "iris", "--space", bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `tensorkit: ${bad}: search space: hidden[1]: width -4 at position 1 must be a positive integer`,
    );
    // Checked before the data is even loaded: no note about the search, no progress.
    expect(r.stderr).not.toContain("searching on");
    expect(r.stderr).not.toContain("candidate #");
    writeFileSync(bad, JSON.stringify({ activation: ["relu", "swish"] }));
    const r2 = await run("search", "iris", "--space", bad);
    expect(r2.stderr).toContain("search space: activation[1]: unknown activation 'swish'");
    const r3 = await run("search", "iris", "--space", join(dir, "missing.json"));
    expect(r3.stderr).toContain("missing.json: cannot read the search space: ENOENT");
    writeFileSync(bad, JSON.stringify({ lr: { logUniform: [0.001, 0.1] } }));
    const r4 = await run("search", "iris", "--space", bad);
    expect(r4.stderr).toContain("lr: a grid search needs a list of choices, not a distribution (logUniform)");
    expect(r4.stderr).toContain("(--trials N)");
  });
});

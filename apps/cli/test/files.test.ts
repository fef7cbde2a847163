import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, runJson, tempDir } from "./helpers.js";

/** A small CSV with a categorical feature, missing values and a string target decided by a rule. */
function writeCsv(path: string, n: number, seed = 1): void {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const colors = ["red", "green", "blue"];
  const lines = ["id,age,color,income,bought"];
  for (let i = 0; i < n; i++) {
    const age = 18 + Math.floor(rnd() * 60);
    const color = colors[Math.floor(rnd() * 3)]!;
    const income = Math.round(20 + rnd() * 80);
    const bought = (color === "red" ? 1 : 0) + (income > 60 ? 1 : 0) >= 1 ? "yes" : "no";
    lines.push(`id${i},${rnd() < 0.1 ? "" : age},${rnd() < 0.05 ? "" : color},${income},${bought}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

describe("tensorkit with CSV files and model files", () => {
  it("trains on a CSV (impute, scale, one-hot), saves, and evaluates, predicts and describes the model", async () => {
    const dir = tempDir();
    const csv = join(dir, "shop.csv");
    const model = join(dir, "shop.safetensors");
    writeCsv(csv, 400);
    const trained = await runJson<{
      task: string;
      model: string;
      test: { accuracy: number; classNames: string[] };
    }>("train", csv, "--target", "bought", "--out", model, "-q", "--epochs", "60");
    expect(trained.task).toBe("classification");
    expect(trained.model).toBe(model);
    expect(trained.test.classNames).toEqual(["no", "yes"]);
    expect(trained.test.accuracy).toBeGreaterThan(0.9);

    const evaluated = await runJson<{ test: { accuracy: number } }>("evaluate", model, csv);
    expect(evaluated.test.accuracy).toBeGreaterThan(0.9);

    // New rows without the target; the saved preprocessing imputes, scales and one-hot encodes them.
    const fresh = join(dir, "new.csv");
    writeFileSync(fresh, "id,age,color,income\nx1,30,red,25\nx2,,blue,95\nx3,50,blue,21\n");
    const out = join(dir, "predicted.csv");
    const predicted = await runJson<{ predictions: string[]; probabilities: number[][] }>(
      "predict",
      model,
      fresh,
      "--out",
      out,
    );
    expect(predicted.predictions).toEqual(["yes", "yes", "no"]);
    for (const p of predicted.probabilities) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("id,age,color,income,prediction,probability,p_no,p_yes");
    expect(lines[2]!.startsWith("x2,,blue,95,yes,")).toBe(true);

    const info = await runJson<{
      task: string;
      target: string;
      classNames: string[];
      preprocessing: Record<string, string>;
    }>("info", model);
    expect(info).toMatchObject({ task: "classification", target: "bought", classNames: ["no", "yes"] });
    expect(info.preprocessing).toEqual({ features: "ColumnTransformer", targetEncoder: "LabelEncoder" });
    const text = await run("info", model);
    expect(text.stdout).toMatch(/Total params: [\d,]+/);
  });

  it("treats a numeric target with many values as regression", async () => {
    const dir = tempDir();
    const csv = join(dir, "houses.csv");
    const rows = ["rooms,area,city,price"];
    for (let i = 0; i < 200; i++) {
      const rooms = 1 + (i % 5);
      const area = 40 + ((i * 37) % 120);
      const city = i % 3 === 0 ? "paris" : "lyon";
      rows.push(
        `${rooms},${area},${city},${(area * 3 + rooms * 10 + (city === "paris" ? 100 : 0)).toFixed(1)}`,
      );
    }
    writeFileSync(csv, `${rows.join("\n")}\n`);
    const r = await runJson<{ task: string; test: { r2: number } }>("train", csv, "-q", "--epochs", "80");
    expect(r.task).toBe("regression");
    expect(r.test.r2).toBeGreaterThan(0.95);
  });

  it("lists data sets and backends", async () => {
    const d = await runJson<{ datasets: Record<string, unknown> }>("datasets");
    expect(Object.keys(d.datasets)).toEqual([
      "xor",
      "iris",
      "mnist",
      "spirals",
      "moons",
      "circles",
      "blobs",
      "regression",
    ]);
    const b = await runJson<{ backends: { name: string; available: boolean }[] }>("backends");
    expect(b.backends.map((x) => [x.name, x.available])).toEqual([
      ["cpu", true],
      ["wasm", true],
    ]);
  });
});

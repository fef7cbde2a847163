import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run, runJson, tempDir } from "./helpers.js";

const dir = tempDir();

/** Short texts whose class shows in their words: "good" reviews and "bad" ones, with quoting and commas. */
function reviewsCsv(): string {
  const good = [
    "great film, loved it",
    "wonderful acting and a great story",
    "loved every minute",
    "a wonderful, great watch",
  ];
  const bad = [
    "boring and too long",
    "terrible plot, boring acting",
    "awful; I left early",
    "terrible, awful, boring",
  ];
  const rows: string[] = [];
  for (let r = 0; r < 10; r++) {
    rows.push(`"${good[r % 4]} #${r}",good`);
    rows.push(`"${bad[r % 4]} #${r}",bad`);
  }
  rows.push('"He said ""great"" and left",good');
  return `review,sentiment\n${rows.join("\n")}\n`;
}

describe("tensorkit train --model lstm --text", () => {
  const csv = join(dir, "reviews.csv");
  const model = join(dir, "reviews.safetensors");
  writeFileSync(csv, reviewsCsv());

  it("learns a text column with a saved vocabulary, then predicts raw texts with it", async () => {
    const r = await runJson<{ test: { accuracy: number; classNames: string[] } }>(
      "train",
      csv,
      "--model",
      "lstm",
      "--text",
      "review",
      "--target",
      "sentiment",
      "--epochs",
      "15",
      "--lr",
      "0.02",
      "--test-split",
      "0",
      "--out",
      model,
      "-q",
    );
    expect(r.test.classNames).toEqual(["bad", "good"]);
    expect(r.test.accuracy).toBeGreaterThanOrEqual(0.9);
    const newCsv = join(dir, "new.csv");
    // "wonderful" and "terrible" were seen in training; "splendid" was not ([UNK]).
    writeFileSync(newCsv, 'review\n"wonderful great story, splendid"\n"terrible boring plot"\n');
    const p = await run("predict", model, newCsv);
    expect(p.code, p.stderr).toBe(0);
    const lines = p.stdout.trim().split("\n");
    expect(lines[0]).toBe("review,prediction,probability,p_bad,p_good");
    expect(lines[1]).toMatch(/^"wonderful great story, splendid",good,/);
    expect(lines[2]).toMatch(/^terrible boring plot,bad,/);
  }, 120_000);

  it("names a missing text column and refuses a built-in data set", async () => {
    const r = await run("train", csv, "--model", "lstm", "--text", "body", "-q");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no text column "body" \(the columns are "review", "sentiment"\)/);
    const d = await run("train", "iris", "--model", "lstm", "--text", "x", "-q");
    expect(d.stderr).toMatch(/--text reads a text column of a CSV file; iris is a built-in data set/);
    const m = await run("train", csv, "--text", "review", "-q");
    expect(m.stderr).toMatch(/--text classifies word sequences with --model lstm, not --model mlp/);
  });
});

describe("tensorkit train --model ncf", () => {
  const csv = join(dir, "interactions.csv");
  const model = join(dir, "ncf.safetensors");
  // 60 users, 120 items in 6 groups of 20: users of group g (u mod 6) interact with 12 items of their group only.
  const lines = ["user,item,rating"];
  for (let u = 0; u < 60; u++)
    for (let k = 0; k < 12; k++) lines.push(`user${u},item${(u % 6) + 6 * ((u * 7 + k * 3) % 20)},5`);
  writeFileSync(csv, `${lines.join("\n")}\n`);

  it("trains NeuMF, reports leave-one-out HR@10/NDCG@10 beside popularity, saves a model predict can score with", async () => {
    type Json = {
      task: string;
      test: {
        k: number;
        users: number;
        ncf: { hitRate: number; ndcg: number };
        popularity: { hitRate: number };
      };
    };
    const r = await runJson<Json>(
      "train",
      csv,
      "--model",
      "ncf",
      "--user",
      "user",
      "--item",
      "item",
      "--epochs",
      "6",
      "--out",
      model,
      "-q",
    );
    expect(r.task).toBe("ranking");
    expect(r.test.k).toBe(10);
    expect(r.test.users).toBe(60);
    // Group structure: the held-out item competes with the ≈ 8 unseen items of its group; popularity cannot tell groups apart.
    expect(r.test.ncf.hitRate).toBeGreaterThan(r.test.popularity.hitRate + 0.2);
    expect(r.test.ncf.ndcg).toBeLessThanOrEqual(r.test.ncf.hitRate);
    const pairs = join(dir, "pairs.csv");
    writeFileSync(pairs, "user,item\nuser0,item6\nuser0,item7\n");
    const p = await run("predict", model, pairs);
    expect(p.code, p.stderr).toBe(0);
    const [header, same, other] = p.stdout.trim().split("\n");
    expect(header).toBe("user,item,score");
    const score = (line: string) => Number(line.split(",")[2]);
    expect(score(same!)).toBeGreaterThan(score(other!));
    const e = await run("evaluate", model, pairs);
    expect(e.stderr).toMatch(/a recommender \(NeuMF\)/);
  }, 120_000);

  it("asks for --user and --item, and names unknown columns", async () => {
    const r = await run("train", csv, "--model", "ncf", "--item", "item", "-q");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--model ncf needs --user <column>/);
    const c = await run("train", csv, "--model", "ncf", "--user", "who", "--item", "item", "-q");
    expect(c.stderr).toMatch(/no column "who"/);
  });
});

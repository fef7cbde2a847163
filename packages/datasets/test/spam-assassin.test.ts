import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { spamAssassin } from "../src/spam-assassin.js";

registerBackend("cpu", createCpuBackend);

describe("spamAssassin", () => {
  it("has the corpus' 6,046 messages: 4,150 ham and 1,896 spam, labelled by folder", async () => {
    using all = await spamAssassin({ split: "all" });
    expect(all.texts.length).toBe(6046);
    const y = [...all.y.dataSync()];
    expect(y.filter((v) => v === 1).length).toBe(1896);
    const perGroup = new Map<string, number>();
    all.groups.forEach((g, i) => {
      perGroup.set(g, (perGroup.get(g) ?? 0) + 1);
      expect(y[i], g).toBe(g.startsWith("spam") ? 1 : 0);
    });
    // The folder sizes the package's README lists for its copy of the public corpus.
    expect(Object.fromEntries(perGroup)).toEqual({
      "easy-ham-1": 2500,
      "easy-ham-2": 1400,
      "hard-ham-1": 250,
      "spam-1": 500,
      "spam-2": 1396,
    });
  }, 30_000);

  it("splits 80/20 with a fixed shuffle: the parts never overlap and cover the corpus", async () => {
    using train = await spamAssassin({ split: "train" });
    using test = await spamAssassin({ split: "test" });
    expect(train.texts.length).toBe(4837);
    expect(test.texts.length).toBe(1209);
    const trainIds = new Set(train.ids.map((id, i) => `${train.groups[i]}/${id}`));
    const testIds = test.ids.map((id, i) => `${test.groups[i]}/${id}`);
    expect(testIds.some((id) => trainIds.has(id))).toBe(false);
    expect(new Set([...trainIds, ...testIds]).size).toBe(6046);
    using again = await spamAssassin({ split: "train", size: 10 });
    expect(again.ids).toEqual(train.ids.slice(0, 10));
  }, 30_000);

  it("gives text without the message's own headers", async () => {
    using d = await spamAssassin({ split: "test", size: 300 });
    for (const t of d.texts) {
      const subject = t.split("\n\n")[0]!;
      expect(subject).not.toMatch(/^(Received|Return-Path|Delivered-To|Message-Id|From):/i);
    }
    // Header lines survive only where a body quotes another message's headers (one spam does): rarely.
    const quoting = d.texts.filter((t) => t.includes("Delivered-To:")).length;
    expect(quoting).toBeLessThan(d.texts.length * 0.02);
  }, 30_000);

  it("rejects a bad split or size, naming the range", async () => {
    await expect(spamAssassin({ split: "dev" as "train" })).rejects.toThrow(
      /split must be "train", "test" or "all"/,
    );
    await expect(spamAssassin({ split: "test", size: 2000 })).rejects.toThrow(
      /size must be an integer in \[0, 1209\]/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { defaultProgress } from "../src/callbacks/progress.js";
import { EpochLogger, formatDuration, ProgressBar } from "../src/index.js";
import { frozenTrainer } from "./helpers.js";

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 120, write: (s: string) => chunks.push(s) } };
}

describe("ProgressBar and defaultProgress", () => {
  it("prints one plain line per epoch with the batch count when not on a terminal", async () => {
    const setup = frozenTrainer();
    const { chunks, stream } = sink(false);
    await setup.trainer.fit(setup.x, setup.y, {
      epochs: 3,
      batchSize: 2,
      verbose: 0,
      callbacks: [new ProgressBar({ epochs: 3, batchesPerEpoch: 2, stream })],
    });
    setup.dispose();
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toMatch(/^Epoch 1\/3 - 2\/2 - \d+ms - loss: \d+\.\d{4}\n$/);
    expect(chunks[2]).toMatch(/^Epoch 3\/3 - 2\/2 - /);
  });

  it("prints a progress line mid-epoch every plainInterval", async () => {
    const setup = frozenTrainer();
    const { chunks, stream } = sink(false);
    await setup.trainer.fit(setup.x, setup.y, {
      epochs: 1,
      batchSize: 1,
      verbose: 0,
      callbacks: [new ProgressBar({ epochs: 1, stream, plainInterval: 0 })],
    });
    setup.dispose();
    expect(chunks.slice(0, 4).map((c) => c.split(" - ")[1])).toEqual([
      "1 batches",
      "2 batches",
      "3 batches",
      "4 batches",
    ]);
    expect(chunks[4]).toMatch(/^Epoch 1\/1 - 4 batches - /);
  });

  it("draws a bar on a terminal with the count, the time and the running loss", async () => {
    const setup = frozenTrainer();
    const { chunks, stream } = sink(true);
    await setup.trainer.fit(setup.x, setup.y, {
      epochs: 2,
      batchSize: 1,
      verbose: 0,
      callbacks: [new ProgressBar({ epochs: 2, batchesPerEpoch: 4, stream })],
    });
    setup.dispose();
    const text = chunks.join("");
    expect(text).toContain("Epoch 1/2");
    expect(text).toContain("Epoch 2/2");
    expect(text).toContain("4/4");
    expect(text).toMatch(/loss: \d+\.\d{4}/);
    expect(text).toMatch(/\d+s/); // elapsed time
  });

  it("maps verbosity to callbacks as Keras does", () => {
    expect(defaultProgress(0, 5, 10)).toEqual([]);
    expect(defaultProgress(1, 5, 10)[0]).toBeInstanceOf(ProgressBar);
    expect(defaultProgress(2, 5, 10)[0]).toBeInstanceOf(EpochLogger);
    const auto = defaultProgress("auto", 5, 10)[0];
    expect(auto).toBeInstanceOf(process.stdout.isTTY ? ProgressBar : EpochLogger);
  });

  it("formats durations", () => {
    expect(formatDuration(850.4)).toBe("850ms");
    expect(formatDuration(12_340)).toBe("12.3s");
    expect(formatDuration(125_000)).toBe("2m05s");
  });
});

import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { mnist } from "@tensorkit/datasets";
import { argmax, indexSelect, listBackends, memory, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { loadPretrained, PRETRAINED, pretrainedInfo, pretrainedUrl } from "../src/index.js";

if (!listBackends().some((b) => b.name === "cpu")) registerBackend("cpu", createCpuBackend);

describe("loadPretrained('mnist-cnn-digits-0-4')", () => {
  it("ships a file under 200 KB with the architecture, weights and class names", async () => {
    const path = fileURLToPath(pretrainedUrl("mnist-cnn-digits-0-4"));
    expect(statSync(path).size).toBeLessThan(400 * 1024);
    const before = memory().numTensors;
    const { model, classNames, info, architecture } = await loadPretrained("mnist-cnn-digits-0-4");
    expect(classNames).toEqual(["0", "1", "2", "3", "4"]);
    expect(info).toBe(PRETRAINED["mnist-cnn-digits-0-4"]);
    expect(architecture.type).toBe("Sequential");
    // conv 1→8 (80) + BN (16) + conv 8→16 (1,168) + BN (32) + dense 784→96 (75,360) + dense 96→5 (485)
    expect(model.numParameters()).toBe(77_141);
    expect(model.training).toBe(false);
    model.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("classifies the held-out digits 0–4 as well as its catalogue entry says (≥ 95 %)", async () => {
    const { model, info } = await loadPretrained("mnist-cnn-digits-0-4");
    const test = await mnist({ split: "test" });
    const labels = test.y.dataSync() as Int32Array;
    const rows = [...labels.keys()].filter((i) => labels[i]! <= 4);
    const index = tensor(Int32Array.from(rows));
    const x = indexSelect(test.x, 0, index);
    const predicted = argmax(model.call(x), -1).dataSync() as Int32Array;
    const correct = rows.filter((r, i) => predicted[i] === labels[r]).length;
    expect(rows.length).toBe(1067);
    expect(correct / rows.length).toBeGreaterThanOrEqual(0.95);
    // The catalogue's figure is the one the pretraining run measured on the same images.
    expect(correct / rows.length).toBeCloseTo(info.testAccuracy, 10);
    for (const d of [model, test, index, x]) d.dispose();
  });

  it("fetches the file over HTTP when given a URL (the browser path)", async () => {
    const bytes = readFileSync(fileURLToPath(pretrainedUrl("mnist-cnn-digits-0-4")));
    const server = createServer((req, res) => {
      if (req.url === "/m.safetensors") res.end(bytes);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const { model } = await loadPretrained("mnist-cnn-digits-0-4", {
        url: `http://127.0.0.1:${port}/m.safetensors`,
      });
      expect(model.numParameters()).toBe(77_141);
      model.dispose();
      await expect(
        loadPretrained("mnist-cnn-digits-0-4", { url: `http://127.0.0.1:${port}/missing` }),
      ).rejects.toThrow(`loadPretrained: fetching http://127.0.0.1:${port}/missing failed with HTTP 404`);
    } finally {
      server.close();
    }
  });

  it("names the shipped models when asked for another", () => {
    expect(() => pretrainedInfo("resnet50" as never)).toThrow(
      "loadPretrained: no pretrained model named 'resnet50'; shipped: mnist-cnn-digits-0-4",
    );
  });
});

import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { Linear, Sequential } from "@tensorkit/nn";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { compile } from "../src/index.js";
import { loadCheckpoint, saveCheckpoint } from "../src/node.js";

registerBackend("cpu", createCpuBackend);

/** Starts the writer and resolves once it has begun `saves` saves. */
function startWriter(path: string, saves: number) {
  const child = spawn(
    process.execPath,
    [
      "--conditions=@tensorkit/source",
      "--import",
      "tsx",
      join(import.meta.dirname, "processes", "checkpoint-writer.ts"),
      path,
    ],
    { cwd: join(import.meta.dirname, ".."), stdio: ["ignore", "pipe", "inherit"] },
  );
  const started = new Promise<void>((resolve, reject) => {
    let seen = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString().split("saving").length - 1;
      if (seen >= saves) resolve();
    });
    child.on("exit", (code) => reject(new Error(`writer exited early with code ${code}`)));
  });
  return { child, started };
}

describe("a process killed while it writes a checkpoint", () => {
  it("never leaves a corrupt or missing checkpoint at the path (SIGKILL at several moments)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tensorkit-kill-"));
    const path = join(dir, "checkpoint.safetensors");
    const model = new Sequential(new Linear(1000, 1000));
    const trainer = compile(model, { optimizer: "sgd", loss: "mse" });
    await saveCheckpoint(path, trainer, { epoch: 0 }); // the previous checkpoint
    for (const [saves, delayMs] of [
      [1, 0],
      [2, 7],
      [3, 23],
      [2, 41],
    ] as const) {
      const { child, started } = startWriter(path, saves);
      await started;
      await new Promise((r) => setTimeout(r, delayMs)); // kill somewhere inside a write
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      // Whatever was on disk when the process died must be a complete checkpoint.
      const restored = await loadCheckpoint(path, trainer);
      expect(restored.epoch).toBeGreaterThanOrEqual(0);
      expect(readdirSync(dir)).toContain("checkpoint.safetensors");
    }
    model.dispose();
    trainer.optimizer.dispose();
  }, 120_000);
});

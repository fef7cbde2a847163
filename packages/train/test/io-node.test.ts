import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { Linear, Module, ReLU, Sequential } from "@tensorkit/nn";
import { manualSeed, registerBackend, type Tensor, tensor, tidy } from "@tensorkit/tensor";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ModelFileError } from "../src/index.js";
import { loadModel, saveModel, writeFileAtomic } from "../src/node.js";

// Lets a test make the write of the temporary file fail half-way, as a full disk or a crash would.
const failure = vi.hoisted(() => ({ afterBytes: -1 }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      if (failure.afterBytes < 0 || args[1] !== "wx") return handle;
      const limit = failure.afterBytes;
      return new Proxy(handle, {
        get(target, key) {
          if (key === "write") {
            return async (bytes: Uint8Array, offset: number, length: number) => {
              await target.write(bytes, offset, Math.min(length, limit));
              throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
            };
          }
          const v = Reflect.get(target, key);
          return typeof v === "function" ? v.bind(target) : v;
        },
      });
    },
  };
});

registerBackend("cpu", createCpuBackend);

const dir = mkdtempSync(join(tmpdir(), "tensorkit-io-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  failure.afterBytes = -1;
});

const torchFile = new URL("../../nn/test/fixtures/cnn.safetensors", import.meta.url);

function model(seed: number): Sequential {
  manualSeed(seed);
  return new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 1));
}

function outputs(m: Module<[Tensor], Tensor>): number[] {
  return tidy(() => {
    const input = tensor([
      [1, 2],
      [-3, 0.5],
    ]);
    return Array.from(m.call(input).dataSync());
  });
}

/** Files in `dir` other than the expected ones: a leftover temporary file would show here. */
const leftovers = (keep: string[]) => readdirSync(dir).filter((f) => !keep.includes(f));

describe("saveModel / loadModel", () => {
  it("round-trips through a file", async () => {
    const m = model(1);
    const path = join(dir, "a.safetensors");
    await saveModel(path, m, { classNames: ["y"] });
    const loaded = await loadModel(path);
    expect(outputs(loaded.model)).toEqual(outputs(m));
    expect(loaded.classNames).toEqual(["y"]);
    m.dispose();
    loaded.model.dispose();
  });

  it("is atomic: a write that fails half-way leaves the previous file intact and loadable, and no temporary file", async () => {
    const path = join(dir, "atomic.safetensors");
    const old = model(1);
    await saveModel(path, old);
    const previous = readFileSync(path);

    const next = model(2);
    failure.afterBytes = 100;
    const err = await saveModel(path, next).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelFileError);
    expect((err as ModelFileError).message).toMatch(
      new RegExp(
        `^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: cannot be written \\(the previous file, if any, is unchanged\\): ENOSPC`,
      ),
    );
    failure.afterBytes = -1;
    expect(readFileSync(path).equals(previous)).toBe(true);
    const loaded = await loadModel(path);
    expect(outputs(loaded.model)).toEqual(outputs(old));
    expect(leftovers(["a.safetensors", "atomic.safetensors"])).toEqual([]);
    for (const m of [old, next, loaded.model]) m.dispose();
  });

  it("writes nothing when the model cannot describe itself", async () => {
    const path = join(dir, "custom.safetensors");
    const old = model(3);
    await saveModel(path, old);
    const previous = readFileSync(path);
    class Mine extends Module {
      fc = new Linear(2, 1);
      forward(t: Tensor): Tensor {
        return this.fc.call(t);
      }
    }
    const mine = new Mine();
    await expect(saveModel(path, mine)).rejects.toThrow(/registerModuleType\("Mine"/);
    expect(readFileSync(path).equals(previous)).toBe(true);
    old.dispose();
    mine.dispose();
  });

  it("cleans up when the final rename fails (the target is a directory)", async () => {
    const target = join(dir, "is-a-dir");
    mkdirSync(target);
    await expect(writeFileAtomic(target, new Uint8Array([1, 2, 3]))).rejects.toThrow(
      /is-a-dir: cannot be written/,
    );
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  describe("errors name the path and what was expected", () => {
    it("a missing file", async () => {
      const path = join(dir, "missing.safetensors");
      const err = (await loadModel(path).catch((e: unknown) => e)) as ModelFileError;
      expect(err).toBeInstanceOf(ModelFileError);
      expect(err.problem).toBe("not-found");
      expect(err.path).toBe(path);
      expect(err.message).toBe(`${path}: no such file (expected a .safetensors model or checkpoint)`);
    });

    it("a file that is not safetensors", async () => {
      const path = join(dir, "notes.txt");
      writeFileSync(path, "these are not weights\n");
      await expect(loadModel(path)).rejects.toThrow(`${path}: is not a safetensors file`);
    });

    it("a truncated file", async () => {
      const m = model(4);
      const full = join(dir, "full.safetensors");
      await saveModel(full, m);
      const bytes = readFileSync(full);
      const cut = join(dir, "cut.safetensors");
      writeFileSync(cut, bytes.subarray(0, bytes.length - 10));
      await expect(loadModel(cut)).rejects.toThrow(
        `${cut}: is truncated: its tensors need ${bytes.length} bytes, but the file ends at byte ${bytes.length - 10}`,
      );
      m.dispose();
    });

    it("a safetensors file without an architecture", async () => {
      const path = join(dir, "torch.safetensors");
      copyFileSync(torchFile, path);
      const err = (await loadModel(path).catch((e: unknown) => e)) as ModelFileError;
      expect(err.problem).toBe("no-architecture");
      expect(err.message).toMatch(
        new RegExp(
          `^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: has no 'architecture' in its safetensors metadata`,
        ),
      );
    });
  });
});

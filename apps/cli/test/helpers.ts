import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { memoryIo } from "../src/io.js";
import { main } from "../src/main.js";

/** Runs the CLI in this process; returns its exit code and what it printed. */
export async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Runs `--json` and parses the one document it printed. */
export async function runJson<T = Record<string, unknown>>(...argv: string[]): Promise<T> {
  const r = await run(...argv, "--json");
  if (r.code !== 0) throw new Error(`tensorkit ${argv.join(" ")} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

const cliRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs the CLI from source as its own process (the way `pnpm tensorkit` does). */
export function spawnCli(...argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ["--conditions=@tensorkit/source", "--import", "tsx", join(cliRoot, "src/bin.ts"), ...argv],
    { cwd: cliRoot, encoding: "utf8", timeout: 120_000 },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "tensorkit-cli-"));
}

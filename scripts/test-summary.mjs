// Adds up the Vitest JSON reports that each workspace package's `test` task wrote (or turbo
// restored from its cache) into one closing line, "tests: N passed, N failed, N skipped", so
// that a reader of the whole run — a person or CI — sees what ran without scrolling through
// thirteen packages' output. Exits non-zero when a report is missing or any test failed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const groups = ["packages", "apps", "tooling"];

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const group of groups) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const manifestPath = join(dir, name, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    if (!manifest.scripts?.test) continue;
    const reportPath = join(dir, name, "test-results", "vitest.json");
    if (!existsSync(reportPath)) {
      missing.push(`${group}/${name}`);
      continue;
    }
    const report = JSON.parse(readFileSync(reportPath, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  }
}
if (missing.length > 0) {
  console.error(`test-summary: no Vitest report from ${missing.join(", ")}`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || missing.length > 0 ? 1 : 0;

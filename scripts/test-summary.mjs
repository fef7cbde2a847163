// Adds up the Vitest JSON reports that each workspace package's `test` task wrote (or turbo
// restored from its cache) into one closing summary in Vitest's own format, so that a reader of
// the whole run — a person or CI — sees what ran without scrolling through every package's
// output:
//
//    Test Files  230 passed (230)
//         Tests  5740 passed | 12 skipped (5752)
//
// Exits non-zero when a report is missing or any test failed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const groups = ["packages", "apps", "tooling"];

const files = { passed: 0, failed: 0, skipped: 0 };
const tests = { passed: 0, failed: 0, skipped: 0 };
const missing = [];
let packages = 0;
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
    packages += 1;
    tests.passed += report.numPassedTests;
    tests.failed += report.numFailedTests;
    tests.skipped += report.numPendingTests + report.numTodoTests;
    for (const file of report.testResults) {
      if (file.status === "failed") files.failed += 1;
      else if (file.status === "passed") files.passed += 1;
      else files.skipped += 1;
    }
  }
}

/** One Vitest-style count line: "2 failed | 5738 passed | 12 skipped (5752)". */
function counts({ passed, failed, skipped }) {
  const parts = [];
  if (failed > 0) parts.push(`${failed} failed`);
  parts.push(`${passed} passed`);
  if (skipped > 0) parts.push(`${skipped} skipped`);
  return `${parts.join(" | ")} (${passed + failed + skipped})`;
}

if (missing.length > 0) {
  console.error(`test-summary: no Vitest report from ${missing.join(", ")}`);
}
console.log(`\nall ${packages} tested workspace packages, from their Vitest reports:`);
console.log(` Test Files  ${counts(files)}`);
console.log(`      Tests  ${counts(tests)}`);
process.exitCode = tests.failed > 0 || files.failed > 0 || missing.length > 0 ? 1 : 0;

#!/usr/bin/env node
// The browser test of the docs site (`pnpm test:e2e`, after the site is built): serves
// apps/docs/.vitepress/dist under the sub-path /tensorkit/ on 127.0.0.1, drives Debian's Chromium
// with playwright-core through the pages in browser-check-pages.mjs, saves a screenshot of each
// in artifacts/, and fails on any failed check, console error, page error, failed request or
// HTTP error. Options: --only <name>[,<name>] runs some checks; --chromium <path> another browser.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { chromium } from "playwright-core";
import { CHECKS } from "./browser-check-pages.mjs";

const root = resolve(import.meta.dirname, "..");
const PORT = 4174;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const BASE = "/tensorkit/";
const artifacts = resolve(root, "artifacts");
const chromiumArg = process.argv.indexOf("--chromium");
const executablePath = chromiumArg > 0 ? process.argv[chromiumArg + 1] : "/usr/bin/chromium";
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1]?.split(",")) : null;

if (!existsSync(resolve(root, "apps/docs/.vitepress/dist/index.html"))) {
  console.error(
    "browser-check: apps/docs/.vitepress/dist is missing: run `pnpm --filter @tensorkit/docs build` first",
  );
  process.exit(1);
}
if (!existsSync(executablePath)) {
  console.error(
    `browser-check: no browser at ${executablePath}: apt-get install -y chromium (or pass --chromium <path>)`,
  );
  process.exit(1);
}
mkdirSync(artifacts, { recursive: true });

// the site's own preview script (vite preview --base /tensorkit/ on 127.0.0.1), in its own
// process group so that it and its children can be stopped together
const server = spawn("pnpm", ["--silent", "--filter", "@tensorkit/docs", "run", "preview"], {
  cwd: root,
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
});
let serverLog = "";
server.stdout.on("data", (d) => (serverLog += d));
server.stderr.on("data", (d) => (serverLog += d));
const stopServer = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already gone
  }
};

async function waitForServer(timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${ORIGIN}${BASE}`)).ok) return;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the preview server did not answer at ${ORIGIN}${BASE}:\n${serverLog}`);
}

const failures = [];
let browser;
try {
  await waitForServer(30_000);
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  console.log(`browser-check: ${browser.version()} on ${ORIGIN}${BASE}`);
  for (const check of CHECKS) {
    if (only && !only.has(check.name)) continue;
    const started = Date.now();
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("requestfailed", (r) => {
      // ERR_ABORTED is the browser cancelling a request itself (a prefetch cut short by leaving the page)
      if (r.failure()?.errorText !== "net::ERR_ABORTED")
        problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    // workers report their own errors and console messages
    page.on("worker", (w) => {
      w.on("console", (m) => {
        if (m.type() === "error") problems.push(`worker console error: ${m.text()}`);
      });
    });
    const url = (path) => `${ORIGIN}${BASE}${path}`;
    let facts = "";
    try {
      facts = await check.run(page, url);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
    const png = resolve(artifacts, `docs-${check.name}.png`);
    await page
      .screenshot({ path: png, fullPage: true })
      .catch((e) => problems.push(`screenshot: ${e.message}`));
    await context.close();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (problems.length === 0) console.log(`  ok   ${check.name} (${seconds} s): ${facts}`);
    else {
      console.log(`  FAIL ${check.name} (${seconds} s)${facts ? `: ${facts}` : ""}`);
      for (const p of problems) console.log(`       ${p}`);
      failures.push(check.name);
    }
  }
} catch (e) {
  console.error(`browser-check: ${e instanceof Error ? e.message : e}`);
  failures.push("setup");
} finally {
  await browser?.close();
  stopServer();
}
console.log(
  failures.length === 0
    ? "browser-check: all checks passed; screenshots in artifacts/"
    : `browser-check: ${failures.length} failed: ${failures.join(", ")}`,
);
process.exit(failures.length === 0 ? 0 : 1);

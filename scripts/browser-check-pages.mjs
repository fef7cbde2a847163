// The checks of the docs site's browser test (browser-check.mjs runs them). Each opens a page,
// drives it like a reader and throws with a clear message when the page does not do its job;
// it returns a one-line summary of what it measured.

const number = (v, what) => {
  const n = Number(v);
  if (v === null || v === "" || !Number.isFinite(n))
    throw new Error(`${what} is not a number: ${JSON.stringify(v)}`);
  return n;
};

/** Pages that must render without errors, with a heading. */
async function staticPages(page, url) {
  const seen = [];
  for (const path of [
    "",
    "guide/getting-started.html",
    "guide/workflow/overfitting.html",
    "guide/writing-a-backend.html",
    "benchmarks.html",
    "api/index.html",
  ]) {
    const response = await page.goto(url(path), { waitUntil: "networkidle" });
    if (!response?.ok()) throw new Error(`${url(path)} gave HTTP ${response?.status()}`);
    const heading = (await page.locator("h1").first().textContent({ timeout: 10_000 }))?.trim();
    if (!heading) throw new Error(`${url(path)} has no heading`);
    seen.push(heading.replace(/\s+/g, " ").slice(0, 30));
  }
  // the XOR sample is imported from examples/src/xor.ts, not copied
  await page.goto(url("guide/getting-started.html"));
  const code = await page.locator("div[class*='language-ts'] pre").allTextContents();
  if (!code.some((c) => c.includes("export async function trainXor")))
    throw new Error("getting started: the XOR example is missing");
  return seen.join(" | ");
}

/**
 * backend-wasm in a Vite-built page: loads, multiplies exactly, uses SIMD and relaxed SIMD, and,
 * the preview server sending COOP/COEP, shares memory with one worker per core.
 */
async function wasmCheck(page, url) {
  await page.goto(url("wasm-check.html"));
  const box = page.getByTestId("wasm-check");
  await page
    .waitForFunction(
      () => document.querySelector("[data-testid=wasm-check]")?.getAttribute("data-ok"),
      null,
      { timeout: 30_000 },
    )
    .catch(async () => {
      throw new Error(`wasm check did not finish: ${await box.textContent()}`);
    });
  const ok = await box.getAttribute("data-ok");
  const flavour = await box.getAttribute("data-flavour");
  const simd = await page.getByTestId("wasm-simd").textContent();
  const relaxed = await page.getByTestId("wasm-relaxed").textContent();
  const small = await page.getByTestId("wasm-small").textContent();
  const isolated = await page.getByTestId("wasm-isolated").textContent();
  const threads = Number(await box.getAttribute("data-threads"));
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  if (ok !== "true") throw new Error(`wasm check failed: ${await box.textContent()}`);
  if (simd !== "yes") throw new Error("the engine reports no WebAssembly SIMD");
  if (relaxed !== "yes" || flavour !== "relaxed-simd")
    throw new Error(`relaxed SIMD not in use (engine: ${relaxed}, build loaded: ${flavour})`);
  if (small !== "[[17],[39]]") throw new Error(`[[1,2],[3,4]]·[[5],[6]] gave ${small}`);
  if (isolated !== "yes")
    throw new Error("the page is not cross-origin isolated: the preview server sent no COOP/COEP");
  if (threads !== Math.min(cores, 16))
    throw new Error(`the backend runs ${threads} thread(s) on ${cores} cores`);
  return `backend-wasm loaded the ${flavour} build; SIMD ${simd}, relaxed SIMD ${relaxed}; ${threads} threads (cross-origin isolated); matmul exact`;
}

/** The playground trains spirals in its worker: loss falls, accuracy rises, on wasm. */
async function playground(page, url) {
  await page.goto(url("playground.html"));
  await page.getByTestId("pg-dataset").selectOption("spirals");
  const backend = page.getByTestId("pg-backend");
  await page.waitForFunction(
    () => !document.querySelector("[data-testid=pg-backend]")?.textContent?.includes("loading"),
    null,
    { timeout: 30_000 },
  );
  const backendText = (await backend.textContent()) ?? "";
  if (!backendText.startsWith("wasm"))
    throw new Error(`the playground runs on "${backendText}", expected wasm`);
  const stats = page.getByTestId("pg-stats");
  await page.waitForFunction(
    () => document.querySelector("[data-testid=pg-stats]")?.getAttribute("data-epoch") === "0",
    null,
    { timeout: 30_000 },
  );
  const firstLoss = number(await stats.getAttribute("data-val-loss"), "initial validation loss");
  const firstAccuracy = number(await stats.getAttribute("data-accuracy"), "initial accuracy");
  await page.getByTestId("pg-start").click();
  // the page must stay responsive while the worker trains: the clock below runs on the main thread
  const started = Date.now();
  let ticks = 0;
  while (Date.now() - started < 5000) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    ticks++;
  }
  await page.getByTestId("pg-start").click(); // pause
  await page.waitForTimeout(300);
  const epoch = number(await stats.getAttribute("data-epoch"), "epoch");
  const loss = number(await stats.getAttribute("data-val-loss"), "validation loss");
  const accuracy = number(await stats.getAttribute("data-accuracy"), "accuracy");
  const summary = `${backendText}: ${epoch} epochs in 5 s; validation loss ${firstLoss.toFixed(3)} → ${loss.toFixed(3)}, accuracy ${firstAccuracy.toFixed(3)} → ${accuracy.toFixed(3)}; ${ticks} frames on the main thread`;
  if (epoch < 5) throw new Error(`only ${epoch} epochs trained in 5 s (${summary})`);
  if (!(loss < firstLoss * 0.8)) throw new Error(`the validation loss did not fall (${summary})`);
  if (!(accuracy > firstAccuracy + 0.1 && accuracy > 0.75))
    throw new Error(`the accuracy did not rise (${summary})`);
  if (ticks < 20) throw new Error(`the main thread was blocked while training (${summary})`);
  return summary;
}

/** The digits page loads the CLI-trained CNN; a drawn "1" gets class probabilities. */
async function digits(page, url) {
  await page.goto(url("digits.html"));
  const model = page.getByTestId("digits-model");
  await page
    .waitForFunction(
      () => document.querySelector("[data-testid=digits-model]")?.textContent?.includes("test digits"),
      null,
      { timeout: 60_000 },
    )
    .catch(async () => {
      throw new Error(`the model did not load: ${await model.textContent()}`);
    });
  const pad = page.getByTestId("digits-pad");
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error("the drawing pad is not visible");
  // a "1": one vertical stroke down the middle, as a mouse would draw it
  await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++)
    await page.mouse.move(
      box.x + box.width * (0.52 - 0.04 * (i / 20)),
      box.y + box.height * (0.15 + 0.7 * (i / 20)),
    );
  await page.mouse.up();
  const bars = page.getByTestId("digits-probabilities");
  await page.waitForFunction(
    () => document.querySelector("[data-testid=digits-probabilities]")?.getAttribute("data-best") !== "",
    null,
    { timeout: 20_000 },
  );
  const best = await bars.getAttribute("data-best");
  const percents = (await bars.locator(".pct").allTextContents()).map((t) => Number.parseFloat(t));
  const total = percents.reduce((s, v) => s + v, 0);
  if (percents.length !== 10 || Math.abs(total - 100) > 1)
    throw new Error(`the probabilities do not sum to 100 %: ${percents.join(", ")}`);
  if (best !== "1") throw new Error(`a drawn 1 was read as ${best} (${percents.join(", ")})`);
  return `${(await model.textContent())?.trim()}; a drawn 1 → "${best}" at ${Math.max(...percents).toFixed(1)} %; backend ${await page.getByTestId("digits-backend").textContent()}`;
}

/** The digits page trains a small CNN in its worker, then reads with it. */
async function digitsTraining(page, url) {
  await page.goto(url("digits.html"));
  const model = page.getByTestId("digits-model");
  await page.waitForFunction(
    () => document.querySelector("[data-testid=digits-model]")?.textContent?.includes("test digits"),
    null,
    { timeout: 60_000 },
  );
  await page.locator(".digits select").selectOption("2000");
  await page.locator(".digits input[type=number]").fill("2");
  const started = Date.now();
  await page.getByTestId("digits-train").click();
  await page.getByTestId("digits-progress").waitFor({ timeout: 30_000 });
  await page
    .waitForFunction(
      () => document.querySelector("[data-testid=digits-model]")?.textContent?.includes("trained here"),
      null,
      { timeout: 120_000 },
    )
    .catch(async () => {
      throw new Error(`training did not finish: ${await page.getByTestId("digits-progress").textContent()}`);
    });
  const seconds = (Date.now() - started) / 1000;
  const text = (await model.textContent())?.trim() ?? "";
  const accuracy = Number.parseFloat(/([\d.]+)% on/.exec(text)?.[1] ?? "NaN");
  // two epochs on 2,000 digits: far above the 10 % of guessing
  if (!(accuracy > 70)) throw new Error(`the CNN trained in the page scores ${accuracy} %: ${text}`);
  return `${text} (${seconds.toFixed(1)} s: ${(await page.getByTestId("digits-progress").textContent())?.trim()})`;
}

export const CHECKS = [
  { name: "pages", run: staticPages },
  { name: "wasm", run: wasmCheck },
  { name: "playground", run: playground },
  { name: "digits", run: digits },
  { name: "digits-train", run: digitsTraining },
];

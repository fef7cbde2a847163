// The digits page's compute thread: loads the digits and models, trains, predicts.
import { chooseBackend } from "../shared/backend.js";
import { type DigitSet, decodeDigits } from "./format.js";
import type { FromDigitsWorker, ToDigitsWorker } from "./protocol.js";
import { DigitsSession } from "./session.js";

const post = (message: FromDigitsWorker) => (self as unknown as Worker).postMessage(message);
const session = new DigitsSession();
const backendReady = chooseBackend().then((backend) => post({ type: "backend", backend }));
let urls: { train: string; test: string } | null = null;
const cache = new Map<string, Promise<DigitSet>>();

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url} gave HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function digits(url: string): Promise<DigitSet> {
  let set = cache.get(url);
  if (!set) {
    set = fetchBytes(url).then((bytes) => decodeDigits(bytes, url));
    cache.set(url, set);
  }
  return set;
}

async function describeModel(description: string): Promise<void> {
  const test = await digits(urls!.test);
  post({ type: "model", description, testAccuracy: session.accuracy(test), testCount: test.count });
}

/** Lets queued messages (predict, stop) in between batches, at most every 150 ms. */
let lastYield = 0;
async function breathe(): Promise<void> {
  if (performance.now() - lastYield < 150) return;
  await new Promise((resolve) => setTimeout(resolve, 0));
  lastYield = performance.now();
}

async function handle(message: ToDigitsWorker): Promise<void> {
  await backendReady;
  switch (message.type) {
    case "init":
      urls = { train: message.trainUrl, test: message.testUrl };
      break;
    case "load-url": {
      post({ type: "status", text: `loading ${message.url}…` });
      const name = decodeURIComponent(message.url.split("/").pop() ?? message.url);
      await describeModel(session.load(await fetchBytes(message.url), name));
      break;
    }
    case "load-bytes":
      await describeModel(session.load(message.bytes, message.name));
      break;
    case "train": {
      post({ type: "status", text: "loading the training digits…" });
      const all = await digits(urls!.train);
      const size = Math.min(message.size, all.count);
      const data: DigitSet = {
        pixels: all.pixels.subarray(0, size * 784),
        labels: all.labels.subarray(0, size),
        count: size,
      };
      post({ type: "status", text: `training on ${size} digits…` });
      await session.train(data, { epochs: message.epochs, batchSize: 32, seed: 0 }, async (progress) => {
        post({ type: "progress", progress });
        await breathe();
      });
      await describeModel(`small CNN trained here on ${size} digits`);
      break;
    }
    default:
      break;
  }
}

function fail(e: unknown): void {
  post({ type: "error", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}

let queue: Promise<void> = Promise.resolve();
self.addEventListener("message", (event: MessageEvent<ToDigitsWorker>) => {
  const message = event.data;
  // stop and predict must not wait behind a training run
  if (message.type === "stop") {
    session.stopRequested = true;
    return;
  }
  if (message.type === "predict") {
    void backendReady.then(() => {
      try {
        if (session.hasModel) post({ type: "prediction", probabilities: session.predict(message.pixels) });
      } catch (e) {
        fail(e);
      }
    });
    return;
  }
  queue = queue.then(() => handle(message)).catch(fail);
});

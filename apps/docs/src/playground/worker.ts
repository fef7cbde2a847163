// The playground's training thread: the page posts commands, this trains and posts progress,
// so the page stays responsive however large the network.
import { chooseBackend } from "../shared/backend.js";
import { type FromWorker, GRID, type ToWorker } from "./protocol.js";
import { TrainingSession } from "./session.js";

const post = (message: FromWorker, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

let session: TrainingSession | null = null;
let running = false;
let lastReport = 0;
let epochsSinceReport = 0;
const backendReady = chooseBackend().then((backend) => post({ type: "backend", backend }));

/** Progress at most every 100 ms while running, so messages never outpace drawing. */
const REPORT_MS = 100;

function report(force: boolean): void {
  if (!session) return;
  const now = performance.now();
  if (!force && now - lastReport < REPORT_MS) return;
  const boundary = session.boundary(GRID);
  const epochsPerSecond = lastReport > 0 ? (epochsSinceReport * 1000) / (now - lastReport) : 0;
  post({ type: "progress", snapshot: session.evaluate(), boundary, running, epochsPerSecond }, [
    boundary.buffer,
  ]);
  lastReport = now;
  epochsSinceReport = 0;
}

async function loop(): Promise<void> {
  if (!running || !session) return;
  await session.trainEpoch();
  epochsSinceReport++;
  report(false);
  // yield to the message queue so that pause/reset arrive between epochs, then queue the next one
  setTimeout(() => {
    queue = queue.then(loop).catch(fail);
  }, 0);
}

async function handle(message: ToWorker): Promise<void> {
  await backendReady;
  switch (message.type) {
    case "reset": {
      running = false;
      session?.dispose();
      session = TrainingSession.create(message.config);
      post({ type: "points", points: session.points });
      lastReport = 0;
      report(true);
      break;
    }
    case "start":
      if (!running) {
        running = true;
        lastReport = performance.now();
        setTimeout(() => {
          queue = queue.then(loop).catch(fail);
        }, 0);
      }
      break;
    case "pause":
      running = false;
      report(true);
      break;
    case "step":
      running = false;
      if (session) {
        await session.trainEpoch();
        report(true);
      }
      break;
  }
}

function fail(e: unknown): void {
  running = false;
  post({ type: "error", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
}

// commands run one after another: a reset never interleaves with an epoch in flight
let queue: Promise<void> = Promise.resolve();
self.addEventListener("message", (event: MessageEvent<ToWorker>) => {
  queue = queue.then(() => handle(event.data)).catch(fail);
});

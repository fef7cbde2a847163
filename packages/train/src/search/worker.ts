// The entry of a search worker thread: its own tensor runtime and backend instance, the training
// part sent once, then fold jobs one at a time. Node-only (worker_threads).
import { parentPort } from "node:worker_threads";
import { type BackendFactory, registerBackend, setBackend, type Tensor } from "@tensorkit/tensor";
import { fromPlain, type JobSettings, runJob } from "./job.js";
import type { FromWorker, ToWorker } from "./protocol.js";

const port = parentPort;
if (!port) throw new Error("@tensorkit/train search worker: must run in a worker thread");

let data: { x: Tensor; y: Tensor; settings: JobSettings } | undefined;
// Messages are handled one at a time, in order: a job never starts before the data it needs.
let queue = Promise.resolve();

port.on("message", (message: ToWorker) => {
  queue = queue.then(() => handle(message));
});

function post(message: FromWorker): void {
  port!.postMessage(message);
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.kind) {
    case "init": {
      for (const m of message.modules) await import(m);
      const mod = (await import(message.backend.module)) as Record<string, unknown>;
      const factory = mod[message.backend.factory];
      if (typeof factory !== "function")
        throw new Error(
          `search worker: ${message.backend.module} has no export '${message.backend.factory}' that makes a backend`,
        );
      registerBackend(message.backend.name, factory as BackendFactory);
      await setBackend(message.backend.name);
      post({ kind: "ready" });
      return;
    }
    case "data":
      data?.x.dispose();
      data?.y.dispose();
      data = { x: fromPlain(message.data.x), y: fromPlain(message.data.y), settings: message.settings };
      return;
    case "job":
      try {
        if (!data) throw new Error("search worker: a job arrived before the data");
        const outcome = await runJob(data.x, data.y, message.job, data.settings);
        post({ kind: "done", index: message.index, outcome });
      } catch (e) {
        post({ kind: "failed", index: message.index, message: (e as Error).message ?? String(e) });
      }
  }
}

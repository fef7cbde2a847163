/**
 * The source of a pool worker, as a string: it runs as a Node `worker_threads` eval worker and as
 * a browser Worker from a Blob URL, so no worker file has to be found next to the package (the
 * loading problem of tfjs-backend-wasm's threaded build) and no bundler can rewrite it.
 *
 * On its init message ({@link WorkerInit}) the worker instantiates the module over the shared
 * memory, answers "ready", and then loops synchronously: wait for the generation word to move,
 * run its slot's task (an export of the module, by index into the init message's list), count itself done and wake the caller. It never returns to the event loop,
 * so it answers no further messages; `terminate()` (or the stop word) ends it.
 */
export const WORKER_SOURCE = `
"use strict";
const isNode = typeof self === "undefined";
const port = isNode ? require("node:worker_threads").parentPort : self;
function onInit(init) {
  let instance;
  try {
    instance = new WebAssembly.Instance(init.module, {
      env: {
        memory: init.memory,
        abort(_m, _f, line, column) { throw new Error("the module aborted at " + line + ":" + column); },
      },
    });
  } catch (e) {
    port.postMessage({ error: String(e && e.message || e) });
    return;
  }
  const ex = instance.exports;
  const L = init.layout;
  const T = init.tasks;
  const ctl = new Int32Array(init.control);
  const s = L.slots + init.index * L.slotWords;
  // read before answering "ready": the caller may start a round the moment it hears it, and a
  // generation read after that would already count the round as seen, and never run it
  let seen = Atomics.load(ctl, L.generation);
  port.postMessage({ ready: true });
  for (;;) {
    Atomics.wait(ctl, L.generation, seen);
    const generation = Atomics.load(ctl, L.generation);
    if (generation === seen) continue;
    seen = generation;
    if (Atomics.load(ctl, L.stop) !== 0) return;
    Atomics.add(ctl, L.started, 1);
    const task = ctl[s];
    try {
      if (task !== 0) {
        const args = [];
        for (let i = 0; i < ctl[s + 1]; i++) args.push(ctl[s + 2 + i]);
        ex[T[task - 1]](...args);
      }
    } catch (e) {
      Atomics.add(ctl, L.failed, 1);
    }
    Atomics.add(ctl, L.done, 1);
    Atomics.notify(ctl, L.done);
  }
}
if (isNode) port.once("message", onInit);
else self.onmessage = (event) => { self.onmessage = null; onInit(event.data); };
`;

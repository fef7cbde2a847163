/**
 * Per-step overhead of `fit` on the seed's XOR model (examples/src/xor.ts): 1000 epochs of batch
 * 4, warm, several repetitions, median; then one counted run that reports kernel calls per step.
 * Not a test (timings belong in benchmarks). Run from packages/train:
 *
 *   node --conditions=@tensorkit/source --import tsx scripts/xor-timing.ts [--reps 9] [--epochs 1000] [--json]
 *
 * Profile: add `--cpu-prof --cpu-prof-dir=/tmp/prof` after `node`.
 * Before/after in one run: copy this file into a second checkout and alternate the two with
 * `--json`, since the shared machine's noise changes from minute to minute.
 */
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { dense, sequential } from "@tensorkit/nn";
import { type Backend, manualSeed, memory, registerBackend, setBackend, tensor } from "@tensorkit/tensor";
import { compile } from "@tensorkit/train";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const reps = arg("reps", 9);
const epochs = arg("epochs", 1000);
const json = process.argv.includes("--json");

registerBackend("cpu", createCpuBackend);
const backend: Backend = await setBackend("cpu");

/** One fit from fresh weights, as the example does; returns its wall time and final accuracy. */
async function fitOnce(): Promise<{ ms: number; cpuMs: number; accuracy: number }> {
  manualSeed(0);
  const X = tensor([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
  const y = tensor([[0], [1], [1], [0]]);
  const model = sequential([
    dense(4, { activation: "relu", inputShape: [2] }),
    dense(1, { activation: "sigmoid" }),
  ]);
  const trainer = compile(model, { optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const history = await trainer.fit(X, y, { epochs, verbose: 0 });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  // CPU time of this process: on a shared machine, wall time also counts other processes' turns.
  const cpuMs = (used.user + used.system) / 1000;
  const accuracy = history.history.accuracy!.at(-1)!;
  for (const t of [X, y]) t.dispose();
  model.dispose();
  trainer.optimizer.dispose();
  return { ms, cpuMs, accuracy };
}

const before = memory().numTensors;
await fitOnce(); // warm-up: JIT, caches
await fitOnce();
const times: number[] = [];
const cpuTimes: number[] = [];
let accuracy = Number.NaN;
for (let r = 0; r < reps; r++) {
  const run = await fitOnce();
  times.push(run.ms);
  cpuTimes.push(run.cpuMs);
  accuracy = run.accuracy;
}
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const cpuMedian = cpuTimes[Math.floor(cpuTimes.length / 2)]!;

// Kernel calls per step: wrap every kernel with a counter, outside the timed runs.
const kernels = backend.kernels as unknown as Record<string, (...args: unknown[]) => unknown>;
const counts = new Map<string, number>();
for (const [name, fn] of Object.entries(kernels)) {
  if (typeof fn !== "function") continue;
  kernels[name] = (...args: unknown[]) => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    return fn(...args);
  };
}
await fitOnce();
const calls = [...counts.values()].reduce((a, b) => a + b, 0);
const perStep = (n: number) => Number((n / epochs).toFixed(2));
const result = {
  medianMs: Number(median.toFixed(2)),
  minMs: Number(times[0]!.toFixed(2)),
  maxMs: Number(times.at(-1)!.toFixed(2)),
  cpuMedianMs: Number(cpuMedian.toFixed(2)),
  usPerStep: Number(((median * 1000) / epochs).toFixed(1)),
  kernelCallsPerStep: perStep(calls),
  byKernel: Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, perStep(v)])),
  finalAccuracy: accuracy,
  leakedTensors: memory().numTensors - before,
};
if (json) console.log(JSON.stringify(result));
else {
  console.log(
    `fit xor ${epochs} epochs: median ${result.medianMs} ms (min ${result.minMs}, max ${result.maxMs}, ${reps} runs)`,
  );
  console.log(`  cpu time: median ${result.cpuMedianMs} ms`);
  console.log(`  ${result.usPerStep} µs/step, ${result.kernelCallsPerStep} kernel calls/step`);
  console.log(`  per step: ${JSON.stringify(result.byKernel)}`);
  console.log(`  final accuracy ${accuracy}, leaked tensors ${result.leakedTensors}`);
}

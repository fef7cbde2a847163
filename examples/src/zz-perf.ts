import { createCpuBackend } from "@tensorkit/backend-cpu";
import { dense, sequential } from "@tensorkit/nn";
import { manualSeed, registerBackend, tensor } from "@tensorkit/tensor";
import { compile } from "@tensorkit/train";

registerBackend("cpu", createCpuBackend);
manualSeed(2);
const x = tensor([
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
const trainer = compile(model, {
  optimizer: { name: "adam", lr: 0.05 },
  loss: "binaryCrossentropy",
  metrics: ["accuracy"],
});
await trainer.fit(x, y, { epochs: 300, verbose: 0 });
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  await trainer.fit(x, y, { epochs: 1000, verbose: 0 });
  console.log("1000 epochs ms", (performance.now() - t0).toFixed(0));
}

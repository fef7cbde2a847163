import { noGrad } from "@tensorkit/autograd";
import { createCpuBackend } from "@tensorkit/backend-cpu";
import { accuracy } from "@tensorkit/metrics";
import { binaryCrossEntropy, dense, sequential } from "@tensorkit/nn";
import { Adam } from "@tensorkit/optim";
import { greater, manualSeed, memory, registerBackend, setBackend, tensor, tidy } from "@tensorkit/tensor";

/**
 * The seed's Keras XOR network — Dense(4, relu, input_shape=(2,)), Dense(1, sigmoid), binary
 * cross-entropy, Adam — written with tensorkit's Keras-style builders and a plain training loop
 * (the Keras-style `compile`/`fit` arrives with @tensorkit/train).
 */
export async function trainXor(epochs = 1000): Promise<{ loss: number; accuracy: number }> {
  registerBackend("cpu", createCpuBackend);
  await setBackend("cpu");
  manualSeed(2); // a seed whose four relu units do not all die (XOR with 4 relus is seed-sensitive, in Keras too)
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
  const optimizer = new Adam(model.parameters(), { lr: 0.05 });
  console.log(model.summary().text);
  let loss = Number.NaN;
  const started = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    tidy(() => {
      optimizer.zeroGrad();
      const l = binaryCrossEntropy(model.call(x), y);
      l.backward();
      optimizer.step();
      if (epoch % 250 === 0 || epoch === 1) {
        loss = l.item() as number;
        console.log(`epoch ${String(epoch).padStart(4)}  loss ${loss.toFixed(4)}`);
      }
    });
  }
  const ms = performance.now() - started;
  const { acc, probs } = noGrad(() =>
    tidy(() => {
      const p = model.call(x);
      return { acc: accuracy(y.reshape([4]), greater(p, 0.5).reshape([4])), probs: Array.from(p.dataSync()) };
    }),
  );
  console.log(
    `predictions ${probs.map((p) => p.toFixed(3)).join(" ")}  accuracy ${acc}  (${epochs} epochs in ${ms.toFixed(0)} ms)`,
  );
  model.dispose();
  optimizer.dispose();
  for (const t of [x, y]) t.dispose();
  console.log(`live tensors after training: ${memory().numTensors}`);
  return { loss, accuracy: acc };
}

if (import.meta.url === `file://${process.argv[1]}`) await trainXor();

import { createCpuBackend } from "@tensorkit/backend-cpu";
import { dense, sequential } from "@tensorkit/nn";
import { manualSeed, memory, registerBackend, setBackend, tensor } from "@tensorkit/tensor";
import { compile } from "@tensorkit/train";

/**
 * The seed's Keras XOR example, line for line:
 *
 *   model = Sequential([Dense(4, activation="relu", input_shape=(2,)), Dense(1, activation="sigmoid")])
 *   model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
 *   model.fit(X, y, epochs=1000, verbose=0)
 *   print(model.predict(X))
 */
export async function trainXor(): Promise<{ loss: number; accuracy: number; ms: number }> {
  registerBackend("cpu", createCpuBackend);
  await setBackend("cpu");
  manualSeed(0); // 4 relu units can all die from some starting points, in Keras too: fix the seed

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
  await trainer.fit(X, y, { epochs: 1000, verbose: 0 });
  const ms = performance.now() - started;
  const predictions = trainer.predict(X);
  console.log(predictions.toString());

  const { loss, accuracy } = trainer.evaluate(X, y);
  console.log(`loss ${loss!.toFixed(4)}  accuracy ${accuracy}  (1000 epochs in ${ms.toFixed(0)} ms)`);
  for (const t of [X, y, predictions]) t.dispose();
  model.dispose();
  trainer.optimizer.dispose();
  console.log(`live tensors after training: ${memory().numTensors}`);
  return { loss: loss!, accuracy: accuracy!, ms };
}

if (import.meta.url === `file://${process.argv[1]}`) await trainXor();

import type { Tensor as TfTensor } from "@tensorflow/tfjs-core";
import type { Tensor as TkTensor } from "@tensorkit/tensor";
import type { Case, Input, Output, Tensorkit, Tfjs } from "../workload.js";

/**
 * A case that times one op: the inputs are uploaded once (not timed); each run applies `op` inside
 * `tidy` (so an op's temporaries are freed the same way in both libraries), reads the result back
 * with `dataSync` and disposes it.
 */
export function tensorkitOp(tk: Tensorkit, inputs: readonly Input[], op: (xs: TkTensor[]) => TkTensor): Case {
  const xs = inputs.map((input) => tk.tensor(input.data, { shape: input.shape }));
  return {
    run() {
      const z = tk.tidy(() => op(xs));
      const out = z.dataSync();
      z.dispose();
      return out;
    },
    teardown() {
      for (const x of xs) x.dispose();
    },
  };
}

/** {@link tensorkitOp} for TensorFlow.js; `canonical` maps its output to the reference layout. */
export function tfjsOp(
  tf: Tfjs,
  inputs: readonly Input[],
  op: (xs: TfTensor[]) => TfTensor,
  canonical?: (out: Output) => Output,
): Case {
  const xs = inputs.map((input) => tf.tensor(input.data, [...input.shape], "float32"));
  return {
    run() {
      const z = tf.tidy(() => op(xs));
      const out = z.dataSync();
      z.dispose();
      return out;
    },
    teardown() {
      for (const x of xs) x.dispose();
    },
    ...(canonical ? { canonical } : {}),
  };
}

import {
  add,
  greater,
  keep,
  matmul,
  mul,
  randn,
  relu,
  sqrt,
  sub,
  sum,
  type Tensor,
  tidy,
  transpose,
  zeros,
} from "@tensorkit/tensor";

/**
 * A two-layer perceptron trained with hand-written backpropagation. It exists to exercise the
 * tensor library before `@tensorkit/autograd` lands; the gradients below are the textbook ones
 * for `out(relu(x W1 + b1) W2 + b2)` with a loss whose gradient w.r.t. the logits is `p - y`
 * (sigmoid + binary cross-entropy, or softmax + cross-entropy).
 */
export interface Mlp {
  w1: Tensor;
  b1: Tensor;
  w2: Tensor;
  b2: Tensor;
}

/** He-normal weights (suited to relu), zero biases. Layout `[in, out]`, as x @ W. */
export function createMlp(inputs: number, hidden: number, outputs: number): Mlp {
  return tidy(() => ({
    w1: keep(mul(randn([inputs, hidden]), Math.sqrt(2 / inputs))),
    b1: keep(zeros([hidden])),
    w2: keep(mul(randn([hidden, outputs]), Math.sqrt(2 / hidden))),
    b2: keep(zeros([outputs])),
  }));
}

/** Hidden pre-activations and output logits. */
export function forward(model: Mlp, x: Tensor): { z1: Tensor; h: Tensor; logits: Tensor } {
  const z1 = add(matmul(x, model.w1), model.b1);
  const h = relu(z1);
  return { z1, h, logits: add(matmul(h, model.w2), model.b2) };
}

/**
 * One step of gradient descent on a batch, given `dLogits = (p - y) / n`; returns a new model
 * and disposes the old one (tensors are immutable).
 */
export function sgdStep(model: Mlp, x: Tensor, z1: Tensor, h: Tensor, dLogits: Tensor, lr: number): Mlp {
  const next = tidy(() => {
    const dW2 = matmul(transpose(h), dLogits);
    const db2 = sum(dLogits, 0);
    const dz1 = mul(matmul(dLogits, transpose(model.w2)), greater(z1, 0));
    const dW1 = matmul(transpose(x), dz1);
    const db1 = sum(dz1, 0);
    return {
      w1: keep(sub(model.w1, mul(dW1, lr))),
      b1: keep(sub(model.b1, mul(db1, lr))),
      w2: keep(sub(model.w2, mul(dW2, lr))),
      b2: keep(sub(model.b2, mul(db2, lr))),
    };
  });
  disposeMlp(model);
  return next;
}

export function disposeMlp(model: Mlp): void {
  for (const t of [model.w1, model.b1, model.w2, model.b2]) t.dispose();
}

/** Column statistics for standardisation (population std, as scikit-learn's StandardScaler). */
export function columnStats(x: Tensor): { mean: Tensor; std: Tensor } {
  return tidy(() => {
    const n = x.shape[0]!;
    const mean = keep(sum(x, 0).div(n));
    const std = keep(sqrt(sum(sub(x, mean).square(), 0).div(n)));
    return { mean, std };
  });
}

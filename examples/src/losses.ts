import { clamp, log, mean, mul, sub, type Tensor, tidy } from "@tensorkit/tensor";

/** Mean binary cross-entropy of probabilities `p` against 0/1 targets, as a number. */
export function binaryCrossEntropyFromProbs(p: Tensor, y: Tensor): number {
  return tidy(() => {
    const q = clamp(p, { min: 1e-7, max: 1 - 1e-7 }); // log(0) is -Infinity
    const terms = mul(y, log(q)).add(mul(sub(1, y), log(sub(1, q))));
    return -(mean(terms).item() as number);
  });
}

import "./setup.js";
// #region loop
import { requiresGrad } from "@tensorkit/autograd";
import { Adam, clipGradNorm, StepLR } from "@tensorkit/optim";
import { matmul, mean, square, sub, tensor, tidy, zeros } from "@tensorkit/tensor";

// fit y = 2·x₀ − 3·x₁ + 1 by gradient descent
const x = tensor([
  [0, 0],
  [1, 0],
  [0, 1],
  [1, 1],
  [2, 1],
]);
const y = tensor([[1], [3], [-2], [0], [2]]);
const w = requiresGrad(zeros([2, 1]));
const b = requiresGrad(zeros([1]));
const optimizer = new Adam([w, b], { lr: 0.1 });
const schedule = new StepLR(optimizer, { stepSize: 200, gamma: 0.5 });
for (let step = 0; step < 600; step++) {
  optimizer.zeroGrad();
  tidy(() => mean(square(sub(matmul(x, w).add(b), y))).backward());
  clipGradNorm([w, b], 10).dispose(); // returns the norm before clipping
  optimizer.step();
  schedule.step();
}
console.log(w.toArray(), b.toArray()); // ≈ [[2], [-3]], [1]

// #endregion loop

// #region groups
import { SGD } from "@tensorkit/optim";

const base = requiresGrad(zeros([3]));
const head = requiresGrad(zeros([3]));
// parameter groups, as PyTorch: a smaller learning rate for the pretrained part
const sgd = new SGD(
  [
    { params: [base], lr: 0.001 },
    { params: [head], lr: 0.1 },
  ],
  { lr: 0.01, momentum: 0.9 },
);

// #endregion groups

export { b, sgd, w };

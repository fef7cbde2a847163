import "./setup.js";
// #region backward
import { grad, gradCheck, noGrad, requiresGrad, valueAndGrad } from "@tensorkit/autograd";
import { matmul, mean, mul, sin, square, sub, sum, tensor } from "@tensorkit/tensor";

// PyTorch style: mark leaves, build a loss, call backward, read .grad
const x = tensor([
  [1, 2],
  [3, 4],
]);
const y = tensor([[1], [2]]);
const w = requiresGrad(tensor([[0.5], [-0.5]]));
const loss = mean(square(sub(matmul(x, w), y)));
loss.backward();
console.log(w.grad!.toArray()); // d loss / d w = 2/n · xᵀ(xw − y)
// #endregion backward

// #region functional
// JAX style: transform a function into its gradient
const [dsin] = grad((t) => sum(sin(t)))(tensor([0, Math.PI / 2])); // cos: [1, 0]
const {
  value,
  grads: [dsquare],
} = valueAndGrad((t) => sum(square(t)))(tensor([3]));
const frozen = noGrad(() => matmul(x, w)); // no tape: nothing recorded
// #endregion functional

// #region check
// finite differences in float64 against the analytic gradient
const report = gradCheck((a) => sum(mul(sin(a), a)), [tensor([0.3, -1.2, 2])]);
console.log(report.ok, report.maxRelError); // true, [~1e-10]

// #endregion check

export { dsin, dsquare, frozen, loss, report, value, w };

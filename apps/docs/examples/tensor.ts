import "./setup.js";
// #region basics
import { arange, matmul, memory, tensor, tidy, zeros } from "@tensorkit/tensor";

const x = tensor([
  [1, 2, 3],
  [4, 5, 6],
]); // float32 [2, 3]
const row = tensor([10, 20, 30]); // [3]
const sum = x.add(row); // NumPy broadcasting: [2, 3]
const t = x.transpose(); // a view: no copy, no kernel
const gram = matmul(x, t); // [2, 2]
const counts = arange(0, 6, 1, "int32").reshape([2, 3]);
console.log(sum.toArray(), gram.toArray(), counts.dtype); // int32
// #endregion basics

// #region memory
const before = memory().numTensors;
const total = tidy(() => {
  const squares = x.mul(x); // freed when tidy returns…
  return squares.sum(); // …but not what it returns
});
console.log(total.item(), memory().numTensors - before); // 91, 1
// #endregion memory

// #region errors
let message = "";
try {
  x.add(zeros([4]));
} catch (e) {
  message = (e as Error).message; // names the op and both shapes
}

// #endregion errors

export { counts, gram, message, sum, t, total };

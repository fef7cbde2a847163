// #region umbrella
import * as tk from "tensorkit";

const backend = await tk.ready(); // registers cpu and wasm, activates the best that loads
const a = tk.tensor([
  [1, 2],
  [3, 4],
]);
const b = tk.tidy(() => tk.relu(tk.matmul(a, tk.tensor([[1], [-1]])))); // intermediates freed
console.log(backend, b.toArray()); // [[0], [0]]: relu of [[-1], [-1]]

// #endregion umbrella

export { a, b, backend };

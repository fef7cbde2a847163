import "./setup.js";
// #region threads
import { createWasmBackend, type WasmBackend } from "@tensorkit/backend-wasm";
import { findBackend, matmul, randn, registerBackend, setBackend, tidy } from "@tensorkit/tensor";

// One thread per core by default; here two, explicitly. In a browser this needs a
// cross-origin isolated page (COOP + COEP headers), else createWasmBackend rejects.
registerBackend("wasm-2", () => createWasmBackend({ threads: 2 }));
await setBackend("wasm-2");
const wasm = findBackend("wasm-2") as WasmBackend;

// 256·256·256 multiply-adds: above the threshold, so both threads share the product
const product = tidy(() =>
  matmul(randn([256, 256]), randn([256, 256]))
    .sum()
    .item(),
);
console.log(wasm.flavour, wasm.threads, wasm.threadRounds); // e.g. "relaxed-simd" 2 1
// #endregion threads

await setBackend("cpu"); // the other examples run on the CPU backend

export { product, wasm };

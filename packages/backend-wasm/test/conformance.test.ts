import { describeBackend } from "@tensorkit/backend-conformance";
import { createWasmBackend } from "../src/index.js";

// The shared suite every backend passes: every op and kernel against PyTorch and hand values.
describeBackend("wasm", createWasmBackend);

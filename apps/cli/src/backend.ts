import { createCpuBackend } from "@tensorkit/backend-cpu";
import { createWasmBackend } from "@tensorkit/backend-wasm";
import { listBackends, registerBackend, setBackend } from "@tensorkit/tensor";
import { CliError } from "./errors.js";

/** Backends the CLI can run on, with what `tensorkit backends` says of them. */
export const BACKENDS = {
  cpu: { available: true, about: "pure TypeScript kernels over typed arrays (default)" },
  wasm: {
    available: true,
    about:
      "WebAssembly kernels with SIMD (matmul and element-wise; conv, pooling and softmax still use reference compositions)",
  },
} as const;

export type BackendName = keyof typeof BACKENDS;

/** Registers the built-in backends (the CLI is an app: it may) and activates `name`. */
export async function useBackend(name: string): Promise<void> {
  if (!Object.hasOwn(BACKENDS, name))
    throw new CliError(`unknown backend "${name}"; backends: ${Object.keys(BACKENDS).join(", ")}`);
  if (!BACKENDS[name as BackendName].available)
    throw new CliError(`the ${name} backend is not available in this release yet; use --backend cpu`);
  const known = new Set(listBackends().map((b) => b.name));
  if (!known.has("cpu")) registerBackend("cpu", createCpuBackend);
  if (!known.has("wasm")) registerBackend("wasm", createWasmBackend);
  await setBackend(name);
}

import { createCpuBackend } from "@tensorkit/backend-cpu";
import { listBackends, registerBackend, setBackend } from "@tensorkit/tensor";
import { CliError } from "./errors.js";

/** Backends the CLI can run on, with what `tensorkit backends` says of them. */
export const BACKENDS = {
  cpu: { available: true, about: "pure TypeScript kernels over typed arrays (default)" },
  wasm: { available: false, about: "WebAssembly kernels (SIMD): not in this release yet" },
} as const;

export type BackendName = keyof typeof BACKENDS;

/** Registers the built-in backends (the CLI is an app: it may) and activates `name`. */
export async function useBackend(name: string): Promise<void> {
  if (!Object.hasOwn(BACKENDS, name))
    throw new CliError(`unknown backend "${name}"; backends: ${Object.keys(BACKENDS).join(", ")}`);
  if (!BACKENDS[name as BackendName].available)
    throw new CliError(`the ${name} backend is not available in this release yet; use --backend cpu`);
  if (!listBackends().some((b) => b.name === "cpu")) registerBackend("cpu", createCpuBackend);
  await setBackend(name);
}

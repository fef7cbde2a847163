import { BackendError } from "../core/errors.js";
import {
  type AnyBackend,
  type Backend,
  OPTIONAL_KERNELS,
  type OptionalKernelName,
  REQUIRED_KERNELS,
} from "./contract.js";

/** Makes a backend, synchronously or not (a wasm backend compiles its module first). */
export type BackendFactory = () => AnyBackend | Promise<AnyBackend>;

/** What {@link listBackends} reports about each registered backend. */
export interface BackendInfo {
  readonly name: string;
  readonly priority: number;
  /** Whether the factory has run and produced a backend. */
  readonly initialized: boolean;
  /** Whether this is the backend new tensors are created on. */
  readonly active: boolean;
  /** Optional kernels the backend specialises (empty until initialised). */
  readonly optionalKernels: readonly OptionalKernelName[];
  /** Optional kernels it leaves to the reference compositions. */
  readonly missingKernels: readonly OptionalKernelName[];
}

interface Entry {
  factory: BackendFactory;
  priority: number;
  instance?: Backend;
  pending?: Promise<Backend>;
}

const entries = new Map<string, Entry>();
let active: Backend | undefined;
/** The name each backend instance was registered under; messages and `memory()` use it. */
const registeredNames = new WeakMap<Backend, string>();

/** The name `backend` was registered under (its own `name` if it was never registered). */
export function backendName(backend: Backend): string {
  return registeredNames.get(backend) ?? backend.name;
}

/**
 * Registers a backend under a name. Nothing is registered by importing a package: the user, the
 * umbrella package or an app calls this. Registering a name again replaces the factory (and
 * disposes an initialised instance that is not active).
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend } from "@tensorkit/tensor";
 * import { createCpuBackend } from "@tensorkit/backend-cpu";
 * registerBackend("cpu", createCpuBackend, { priority: 1 });
 * await setBackend("cpu");
 * ```
 */
export function registerBackend(
  name: string,
  factory: BackendFactory | AnyBackend,
  options: { priority?: number } = {},
): void {
  if (typeof name !== "string" || name.length === 0)
    throw new BackendError("registerBackend: the name must be a non-empty string");
  const previous = entries.get(name);
  if (previous?.instance && previous.instance !== active) previous.instance.dispose?.();
  const entry: Entry =
    typeof factory === "function"
      ? { factory, priority: options.priority ?? 0 }
      : { factory: () => factory, priority: options.priority ?? 0, instance: checkBackend(factory, name) };
  entries.set(name, entry);
  if (previous?.instance && previous.instance === active) active = entry.instance;
}

/** Removes a backend from the registry and disposes its instance. */
export function removeBackend(name: string): void {
  const entry = entries.get(name);
  if (!entry) return;
  entries.delete(name);
  if (entry.instance === active) active = undefined;
  entry.instance?.dispose?.();
}

/**
 * Makes `name` the backend that new tensors are created on, initialising it if needed.
 * Ops always run on the backend their inputs live on.
 *
 * @example
 * ```ts
 * await setBackend("wasm");
 * ```
 */
export async function setBackend(name: string): Promise<Backend> {
  const entry = getEntry(name, "setBackend");
  if (!entry.instance) {
    entry.pending ??= Promise.resolve(entry.factory()).then((b) => checkBackend(b, name));
    try {
      entry.instance = await entry.pending;
    } finally {
      delete entry.pending;
    }
  }
  active = entry.instance;
  return active;
}

/**
 * The active backend. When none was set, the registered backend with the highest priority
 * whose factory is synchronous is initialised and made active.
 */
export function getBackend(): Backend {
  if (active) return active;
  const ranked = [...entries.entries()].sort((a, b) => b[1].priority - a[1].priority);
  for (const [name, entry] of ranked) {
    if (entry.pending) continue; // an async backend must be chosen with `await setBackend(name)`
    if (!entry.instance) {
      const made = entry.factory();
      if (made instanceof Promise) {
        // Keep the started initialisation for setBackend, so the factory runs once.
        entry.pending = made.then((b) => checkBackend(b, name));
        entry.pending.catch(() => {});
        continue;
      }
      entry.instance = checkBackend(made, name);
    }
    active = entry.instance;
    return active;
  }
  throw new BackendError(
    entries.size === 0
      ? "no backend is registered: install one (e.g. @tensorkit/backend-cpu) and call registerBackend('cpu', createCpuBackend), or import the 'tensorkit' umbrella package"
      : `no backend is ready: the registered backends (${[...entries.keys()].join(", ")}) initialise asynchronously; call 'await setBackend(name)' first`,
  );
}

/** An initialised backend by name (initialising it if its factory is synchronous). */
export function findBackend(name: string): Backend {
  const entry = getEntry(name, "findBackend");
  if (!entry.instance) {
    const made = entry.factory();
    if (made instanceof Promise)
      throw new BackendError(
        `backend '${name}' initialises asynchronously: call 'await setBackend("${name}")' first`,
      );
    entry.instance = checkBackend(made, name);
  }
  return entry.instance;
}

/** Every registered backend with its priority, state and which optional kernels it specialises. */
export function listBackends(): BackendInfo[] {
  return [...entries.entries()]
    .sort((a, b) => b[1].priority - a[1].priority)
    .map(([name, e]) => {
      const kernels = e.instance?.kernels as Record<string, unknown> | undefined;
      const has = OPTIONAL_KERNELS.filter((k) => kernels !== undefined && typeof kernels[k] === "function");
      return {
        name,
        priority: e.priority,
        initialized: e.instance !== undefined,
        active: e.instance !== undefined && e.instance === active,
        optionalKernels: has,
        missingKernels: kernels ? OPTIONAL_KERNELS.filter((k) => !has.includes(k)) : [],
      };
    });
}

function getEntry(name: string, op: string): Entry {
  const entry = entries.get(name);
  if (!entry) {
    const known = [...entries.keys()];
    throw new BackendError(
      `${op}: no backend named '${name}' is registered (registered: ${known.length ? known.join(", ") : "none"})`,
    );
  }
  return entry;
}

/** Rejects, by name, a backend that lacks a required kernel or a mandatory dtype. */
function checkBackend(backend: AnyBackend, name: string): Backend {
  if (typeof backend !== "object" || backend === null || typeof backend.kernels !== "object") {
    throw new BackendError(`backend '${name}': the factory did not return a Backend object`);
  }
  const kernels = backend.kernels as unknown as Record<string, unknown>;
  const missing = REQUIRED_KERNELS.filter((k) => typeof kernels[k] !== "function");
  if (missing.length > 0)
    throw new BackendError(`backend '${name}' lacks required kernels: ${missing.join(", ")}`);
  for (const d of ["float32", "int32", "bool"] as const) {
    if (!backend.dtypes.includes(d)) throw new BackendError(`backend '${name}' must support dtype ${d}`);
  }
  registeredNames.set(backend, name);
  return backend;
}

import { TensorkitError } from "./errors.js";

/** What a scope needs to know of a tensor. */
export interface ScopedTensor {
  dispose(): void;
  readonly isDisposed: boolean;
  /** Registers the garbage-collection safety net, once the tensor outlives every scope. */
  ensureFinalizer(): void;
}

/** The stack of open `tidy` scopes; each collects the tensors created while it is innermost. */
const scopes: Set<ScopedTensor>[] = [];

/**
 * Called by every new tensor: the innermost open `tidy`, if any, now owns it. Returns whether a
 * scope took it; a tensor no scope owns needs the finalizer safety net at once, while one in a
 * scope gets it only if it escapes (most tensors of a training step never do, and registering a
 * finalizer for each would cost more than the op).
 */
export function trackInScope(t: ScopedTensor): boolean {
  const scope = scopes[scopes.length - 1];
  if (!scope) return false;
  scope.add(t);
  return true;
}

/**
 * Runs `fn` and disposes every tensor created during it, except the tensors it returns (found
 * in the returned value, arrays and plain objects included) and those passed to {@link keep}.
 * Returned tensors pass to the enclosing `tidy`, if any. `fn` must be synchronous: an async
 * function would let tensors escape the scope before they are created.
 *
 * @example
 * ```ts
 * const y = tidy(() => {
 *   const h = relu(matmul(x, w)); // freed when tidy ends
 *   return sum(h);                // kept
 * });
 * ```
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<ScopedTensor>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope) t.dispose();
    throw new TensorkitError("tidy: the function returned a Promise; tidy only takes synchronous functions");
  }
  const kept = new Set<ScopedTensor>();
  collectTensors(result, kept, scope);
  for (const t of scope) if (!kept.has(t)) t.dispose();
  const parent = scopes[scopes.length - 1];
  for (const t of kept) {
    if (parent) parent.add(t);
    else t.ensureFinalizer();
  }
  return result;
}

/**
 * Takes a tensor out of every open `tidy` scope, so it outlives them; you dispose it yourself.
 *
 * @example
 * ```ts
 * let w: Tensor;
 * tidy(() => { w = keep(randn([3, 3])); });
 * ```
 */
export function keep<T extends ScopedTensor>(t: T): T {
  for (const scope of scopes) scope.delete(t);
  t.ensureFinalizer();
  return t;
}

/**
 * @internal Takes a tensor out of every open scope without a finalizer: for owners that always
 * dispose what they hold (autograd's pending gradients), where a finalizer would only cost.
 */
export function untrack<T extends ScopedTensor>(t: T): T {
  for (const scope of scopes) scope.delete(t);
  return t;
}

function collectTensors(value: unknown, out: Set<ScopedTensor>, scope: Set<ScopedTensor>, depth = 0): void {
  if (value === null || typeof value !== "object" || depth > 8) return;
  if (scope.has(value as ScopedTensor)) {
    out.add(value as ScopedTensor);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectTensors(v, out, scope, depth + 1);
  } else if (value instanceof Map) {
    for (const v of value.values()) collectTensors(v, out, scope, depth + 1);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, out, scope, depth + 1);
  }
}

import { TensorkitError } from "./errors.js";

/** What a scope needs to know of a tensor. */
export interface ScopedTensor {
  dispose(): void;
  readonly isDisposed: boolean;
  /** Registers the garbage-collection safety net, once the tensor outlives every scope. */
  ensureFinalizer(): void;
  /**
   * @internal The scope that owns the tensor now (null: none). Scopes are arrays that only grow;
   * a tensor taken out of one (kept, returned, untracked) stays in its array but no longer points
   * at it, so taking it out costs one write instead of a search through every open scope.
   */
  tidyScope: Scope | null | undefined;
}

/** The tensors created while a `tidy` was innermost (some of them since moved out; see tidyScope). */
type Scope = ScopedTensor[];

/** The stack of open `tidy` scopes. */
const scopes: Scope[] = [];

/**
 * Called by every new tensor: the innermost open `tidy`, if any, now owns it. Returns whether a
 * scope took it; a tensor no scope owns needs the finalizer safety net at once, while one in a
 * scope gets it only if it escapes (most tensors of a training step never do, and registering a
 * finalizer for each would cost more than the op).
 */
export function trackInScope(t: ScopedTensor): boolean {
  const scope = scopes[scopes.length - 1];
  if (scope === undefined) return false;
  scope.push(t);
  t.tidyScope = scope;
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
  const scope: Scope = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    disposeScope(scope);
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    disposeScope(scope);
    throw new TensorkitError("tidy: the function returned a Promise; tidy only takes synchronous functions");
  }
  // Hand the returned tensors to the enclosing scope (or to the finalizer) before freeing the rest.
  handOver(result, scope, scopes[scopes.length - 1], 0);
  disposeScope(scope);
  return result;
}

/** Disposes the tensors `scope` still owns. */
function disposeScope(scope: Scope): void {
  for (let i = 0; i < scope.length; i++) {
    const t = scope[i]!;
    if (t.tidyScope === scope) t.dispose();
  }
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
  t.tidyScope = null;
  t.ensureFinalizer();
  return t;
}

/**
 * @internal Takes a tensor out of every open scope without a finalizer: for owners that always
 * dispose what they hold (autograd's pending gradients), where a finalizer would only cost.
 */
export function untrack<T extends ScopedTensor>(t: T): T {
  t.tidyScope = null;
  return t;
}

/** Moves the tensors of `scope` found in `value` to `parent` (or, with none, to the finalizer). */
function handOver(value: unknown, scope: Scope, parent: Scope | undefined, depth: number): void {
  if (value === null || typeof value !== "object" || depth > 8) return;
  if ((value as ScopedTensor).tidyScope === scope) {
    const t = value as ScopedTensor;
    if (parent) {
      parent.push(t);
      t.tidyScope = parent;
    } else {
      t.tidyScope = null;
      t.ensureFinalizer();
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) handOver(v, scope, parent, depth + 1);
  } else if (value instanceof Map) {
    for (const v of value.values()) handOver(v, scope, parent, depth + 1);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) handOver(v, scope, parent, depth + 1);
  }
}

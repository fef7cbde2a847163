import { TensorkitError } from "@tensorkit/tensor";

/** Why a model or checkpoint file could not be read or written. */
export type ModelFileProblem =
  | "not-found"
  | "not-safetensors"
  | "truncated"
  | "no-architecture"
  | "not-a-checkpoint"
  | "mismatch"
  | "unreadable"
  | "unwritable";

/**
 * A model or checkpoint file that cannot be read (missing, not safetensors, truncated, without
 * an architecture, for another model) or written. The message starts with the file's path (or the
 * `source` given for bytes); `problem` says which case it is.
 *
 * @example
 * ```ts
 * try { await loadModel("model.safetensors"); } catch (e) {
 *   if (e instanceof ModelFileError && e.problem === "not-found") console.log("train first");
 * }
 * ```
 */
export class ModelFileError extends TensorkitError {
  override name = "ModelFileError";
  constructor(
    /** The path, or the `source` given to the bytes-level functions. */
    readonly path: string,
    readonly problem: ModelFileProblem,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

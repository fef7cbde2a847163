import { FormatError, TensorkitError } from "@tensorkit/tensor";

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
  /**
   * A {@link ModelFormatError} (a malformed file) is also a `ModelFileError` to `instanceof`:
   * it has to extend `FormatError`, and code written before it existed catches every unreadable
   * model file as a `ModelFileError`.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // The class `instanceof` asked about: a subclass must not accept a plain ModelFileError.
    // biome-ignore lint/complexity/noUselessThisAlias: one named alias instead of two suppressed uses
    // biome-ignore lint/complexity/noThisInStatic: the class name would be wrong for subclasses
    const asked = this;
    return (
      Function.prototype[Symbol.hasInstance].call(asked, value) ||
      (asked === ModelFileError && value instanceof ModelFormatError)
    );
  }
  constructor(
    /** The path, or the `source` given to the bytes-level functions. */
    readonly path: string,
    readonly problem: ModelFileProblem,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** The {@link ModelFileProblem}s of a file whose bytes are malformed. */
export type ModelFormatProblem = Extract<ModelFileProblem, "not-safetensors" | "truncated">;

/**
 * A model or checkpoint file whose bytes are malformed: not safetensors at all, cut short, or a
 * hostile header (overlapping or out-of-range offsets, an unknown dtype, a 10 GB declared
 * header…). A `FormatError` of @tensorkit/tensor, with the byte `offset` where the problem is
 * (and the reader's own `SafetensorsError` as `cause` when it found it), that also carries the
 * `path` and `problem` of a {@link ModelFileError} and passes `instanceof ModelFileError`.
 *
 * @example
 * ```ts
 * try { await loadModel("model.safetensors"); } catch (e) {
 *   if (e instanceof FormatError) console.log(`bad file at byte ${e.offset}`);
 * }
 * ```
 */
export class ModelFormatError extends FormatError {
  override name = "ModelFormatError";
  constructor(
    /** The path, or the `source` given to the bytes-level functions. */
    readonly path: string,
    readonly problem: ModelFormatProblem,
    offset: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(path, offset, message);
    // The message of a ModelFileError ("<path>: <what>"), not FormatError's "<path>: byte N: …":
    // messages that users and tests already match keep their shape, and each one names its byte.
    this.message = `${path}: ${message}`;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

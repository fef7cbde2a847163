import { TensorkitError } from "../core/errors.js";

/**
 * A malformed or hostile file (or byte string): the message starts with the source, then the
 * byte offset where the problem is, then what was expected and what was found. `source` and
 * `offset` are also fields, for programs that report errors their own way.
 *
 * @example
 * ```ts
 * try { parseSafetensors(bytes, { source: "model.safetensors" }); } catch (e) {
 *   if (e instanceof FormatError) console.error(e.source, e.offset, e.message);
 * }
 * ```
 */
export class FormatError extends TensorkitError {
  override name = "FormatError";
  constructor(
    /** The file (or the `source` given for bytes). */
    readonly source: string,
    /** The byte offset in the file where the problem is. */
    readonly offset: number,
    what: string,
  ) {
    super(`${source}: byte ${offset}: ${what}`);
  }
}

/** A malformed safetensors file: a {@link FormatError} raised by `parseSafetensors`. */
export class SafetensorsError extends FormatError {
  override name = "SafetensorsError";
}

import { ValueError } from "@tensorkit/tensor";

/**
 * A search space entry that cannot be searched (unknown activation, a negative width, a
 * distribution where a grid needs a list, …). Thrown by `gridSearch`/`randomSearch` before any
 * training starts; `entry` names the offending entry, e.g. `hidden[1]` or `activation[0]`.
 *
 * @example
 * ```ts
 * await gridSearch({ activation: ["relu", "swish"] }, { x, y }).catch((e) => {
 *   if (e instanceof SearchSpaceError) e.entry; // "activation[1]"
 * });
 * ```
 */
export class SearchSpaceError extends ValueError {
  override name = "SearchSpaceError";
  /** The entry of the space, e.g. `hidden[1][0]`. */
  readonly entry: string;

  constructor(entry: string, message: string) {
    super(`search space: ${entry}: ${message}`);
    this.entry = entry;
  }
}

import { type DType, Tensor, tensor, ValueError } from "@tensorkit/tensor";
import type { OptimizerStateDict } from "./optimizer.js";

/** A tensor as JSON: shape, dtype and row-major values (NaN and ±Infinity as strings). */
export interface TensorJSON {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly data: readonly (number | string)[];
}

/** An {@link OptimizerStateDict} with its tensors written as {@link TensorJSON}: `JSON.stringify` it. */
export interface OptimizerStateJSON {
  readonly state: Record<string, Record<string, number | TensorJSON>>;
  readonly paramGroups: OptimizerStateDict["paramGroups"];
}

function encode(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/**
 * The JSON form of an optimiser state (reads every tensor back to the host). A float32 value
 * written as a JS number and read back is the same float32, so a resumed run continues exactly.
 *
 * @example
 * ```ts
 * writeFileSync("opt.json", JSON.stringify(stateDictToJSON(opt.stateDict())));
 * ```
 */
export function stateDictToJSON(dict: OptimizerStateDict): OptimizerStateJSON {
  const state: Record<string, Record<string, number | TensorJSON>> = {};
  for (const [key, entry] of Object.entries(dict.state)) {
    const out: Record<string, number | TensorJSON> = {};
    for (const [name, v] of Object.entries(entry)) {
      out[name] =
        v instanceof Tensor
          ? {
              shape: [...v.shape],
              dtype: v.dtype,
              data: Array.from(v.dataSync() as ArrayLike<number>, encode),
            }
          : v;
    }
    state[key] = out;
  }
  return { state, paramGroups: structuredClone(dict.paramGroups) };
}

/**
 * Rebuilds an optimiser state from its JSON form, with tensors on the active backend, ready for
 * `loadStateDict`.
 *
 * @example
 * ```ts
 * opt.loadStateDict(stateDictFromJSON(JSON.parse(readFileSync("opt.json", "utf8"))));
 * ```
 */
export function stateDictFromJSON(json: OptimizerStateJSON): OptimizerStateDict {
  const state: Record<number, { step: number; [buffer: string]: Tensor | number }> = {};
  for (const [key, entry] of Object.entries(json.state)) {
    const out: { step: number; [buffer: string]: Tensor | number } = { step: Number(entry.step) };
    for (const [name, v] of Object.entries(entry)) {
      if (name === "step") continue;
      if (typeof v !== "object" || v === null || !Array.isArray(v.data))
        throw new ValueError(`stateDictFromJSON: state ${key}.${name} is not a tensor {shape, dtype, data}`);
      out[name] = tensor(Float64Array.from(v.data, Number), { shape: v.shape, dtype: v.dtype });
    }
    state[Number(key)] = out;
  }
  return { state, paramGroups: structuredClone(json.paramGroups) };
}

import { stack, type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { isTensor } from "../matrix.js";

/** What {@link defaultCollate} makes of a batch of samples of type `T`. */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : never;

/**
 * Batches samples as PyTorch's `default_collate`: tensors are stacked on a new first axis,
 * numbers become a float32 tensor (booleans a bool tensor), and tuples, arrays and objects are
 * collated field by field.
 *
 * @example
 * ```ts
 * defaultCollate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]); // [Tensor [2,2], Tensor [2]]
 * ```
 */
export function defaultCollate<T>(samples: readonly T[]): Collated<T> {
  if (samples.length === 0) throw new ValueError("defaultCollate: cannot collate an empty batch");
  const first = samples[0] as unknown;
  if (isTensor(first)) return stack(samples as unknown as Tensor[], 0) as Collated<T>;
  if (typeof first === "number") {
    const bad = samples.findIndex((s) => typeof s !== "number");
    if (bad >= 0) throw new ValueError(`defaultCollate: sample ${bad} is not a number like sample 0`);
    return tensor(samples as unknown as number[]) as Collated<T>;
  }
  if (typeof first === "boolean") return tensor(samples as unknown as boolean[]) as Collated<T>;
  if (Array.isArray(first)) {
    return first.map((_, k) =>
      defaultCollate(
        samples.map((s, i) => {
          if (!Array.isArray(s) || s.length !== first.length)
            throw new ValueError(
              `defaultCollate: sample ${i} does not have ${first.length} fields like sample 0`,
            );
          return s[k] as unknown;
        }),
      ),
    ) as Collated<T>;
  }
  if (typeof first === "object" && first !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first))
      out[key] = defaultCollate(samples.map((s) => (s as Record<string, unknown>)[key]));
    return out as Collated<T>;
  }
  throw new ValueError(
    `defaultCollate: cannot collate samples of type ${typeof first}; pass a collate function`,
  );
}

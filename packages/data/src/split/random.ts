import { defaultGenerator, Generator, type Tensor, ValueError } from "@tensorkit/tensor";

/** How a random operation of this package is seeded. */
export interface SeedOptions {
  /** A seed: the same seed gives the same result. */
  readonly seed?: number;
  /** A generator to draw from (advances it); wins over `seed`. Without either, the default generator (`manualSeed`). */
  readonly generator?: Generator;
}

/** The generator `options` ask for: theirs, a new one from `seed`, or the default one. */
export function generatorOf(options: SeedOptions): Generator {
  if (options.generator !== undefined) return options.generator;
  if (options.seed !== undefined) return new Generator(options.seed);
  return defaultGenerator;
}

/** Shuffles `a` in place (Fisher–Yates, as `randperm`). */
export function shuffleInPlace<T>(a: T[], g: Generator): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = g.nextBelow(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** A random permutation of `0 … n-1`. */
export function permutation(n: number, g: Generator): number[] {
  return shuffleInPlace(
    Array.from({ length: n }, (_, i) => i),
    g,
  );
}

/** Labels from a list or a 1-D tensor, for stratification. */
export function readLabels(y: Tensor | readonly (string | number)[], op: string): (string | number)[] {
  if (Array.isArray(y)) {
    y.forEach((v, i) => {
      if (!(typeof v === "string" || (typeof v === "number" && !Number.isNaN(v))))
        throw new ValueError(
          `${op}: label at position ${i} is ${String(v)}; labels are strings or numbers, never missing`,
        );
    });
    return y as (string | number)[];
  }
  const t = y as Tensor;
  if (t.rank !== 1) throw new ValueError(`${op}: expected a 1-D tensor of labels, got rank ${t.rank}`);
  return Array.from(t.dataSync() as ArrayLike<number>);
}

/**
 * Class of each sample as an integer, classes numbered in sorted label order (as `np.unique`),
 * with the count of each.
 */
export function encodeClasses(labels: readonly (string | number)[]): {
  codes: number[];
  counts: number[];
  classes: (string | number)[];
} {
  const distinct = [...new Set(labels)];
  const numbers = distinct.every((v) => typeof v === "number");
  distinct.sort((a, b) =>
    numbers ? (a as number) - (b as number) : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
  const index = new Map(distinct.map((c, i) => [c, i]));
  const codes = labels.map((v) => index.get(v)!);
  const counts = new Array<number>(distinct.length).fill(0);
  for (const c of codes) counts[c]!++;
  return { codes, counts, classes: distinct };
}

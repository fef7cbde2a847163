import { ValueError } from "./errors.js";

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). All random ops
 * draw on the host from a generator, then upload, so the same seed gives the same numbers on
 * every backend.
 *
 * @example
 * ```ts
 * const g = new Generator(42);
 * const x = rand([2, 2], { generator: g });
 * ```
 */
export class Generator {
  #s = new Uint32Array(4);
  #spareNormal: number | undefined;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Restarts the sequence from `seed` (an integer; only its low 53 bits matter). */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed))
      throw new ValueError(`manualSeed: the seed must be a finite number, got ${seed}`);
    let x = (Math.floor(Math.abs(seed)) % 2 ** 32) ^ (Math.floor(Math.abs(seed) / 2 ** 32) * 0x9e3779b9);
    for (let i = 0; i < 4; i++) {
      // splitmix32: spreads a small seed over all 128 bits of state.
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.#s[i] = z ^ (z >>> 16);
    }
    this.#spareNormal = undefined;
    return this;
  }

  /**
   * The generator's full state, as plain JSON-able numbers: `setState` on any generator makes it
   * continue the same sequence. Checkpoints save it, so that a resumed run draws the same
   * dropout masks as the uninterrupted one (PyTorch's `get_rng_state`).
   *
   * @example
   * ```ts
   * const saved = defaultGenerator.getState();
   * const a = rand([3]);
   * defaultGenerator.setState(saved);
   * const b = rand([3]); // the same values as a
   * ```
   */
  getState(): GeneratorState {
    return { s: Array.from(this.#s), spareNormal: this.#spareNormal ?? null };
  }

  /** Restores a state from {@link getState} (checked: four 32-bit words, not all zero). */
  setState(state: GeneratorState): this {
    const words = (state as { s?: unknown } | null)?.s;
    const spare = (state as { spareNormal?: unknown } | null)?.spareNormal;
    if (
      !Array.isArray(words) ||
      words.length !== 4 ||
      !words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32) ||
      words.every((w) => w === 0) ||
      !(spare === null || (typeof spare === "number" && Number.isFinite(spare)))
    ) {
      throw new ValueError(
        `Generator.setState: expected { s: four 32-bit unsigned integers (not all 0), spareNormal: a number or null }, got ${JSON.stringify(state)}`,
      );
    }
    this.#s.set(words as number[]);
    this.#spareNormal = spare ?? undefined;
    return this;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits: exactly representable in float32, never 1 after rounding. */
  nextFloat(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal sample (Box–Muller; the second value of each pair is kept for the next call). */
  nextNormal(): number {
    if (this.#spareNormal !== undefined) {
      const v = this.#spareNormal;
      this.#spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.nextDouble(); // log(0) is -Infinity
    const v = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A uniform integer in [0, n), without modulo bias; n ≤ 2^32. */
  nextBelow(n: number): number {
    if (n <= 1) return 0;
    if (n > 2 ** 32) return Math.floor(this.nextDouble() * n);
    const limit = 2 ** 32 - (2 ** 32 % n); // reject the incomplete last block
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

/** What {@link Generator.getState} returns: xoshiro128**'s four state words and the spare normal sample. */
export interface GeneratorState {
  readonly s: readonly number[];
  readonly spareNormal: number | null;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The generator random ops use when none is passed. */
export const defaultGenerator = new Generator(0);

/**
 * Seeds the default generator, as `torch.manual_seed` does.
 *
 * @example
 * ```ts
 * manualSeed(42);
 * const a = randn([3]);
 * manualSeed(42);
 * const b = randn([3]); // same values as a
 * ```
 */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}

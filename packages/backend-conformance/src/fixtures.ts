import { readFileSync } from "node:fs";
import type { DType } from "@tensorkit/tensor";

/** A tensor as the fixture files store it (see tooling/fixtures/generate.py). */
export interface FixtureTensor {
  readonly shape: number[];
  readonly dtype: DType;
  /** Row-major values; bools as booleans. */
  readonly data: (number | boolean)[];
}

const cache = new Map<string, unknown>();

/** NaN and ±Infinity are stored as strings, since JSON has no literal for them. */
function revive(_key: string, value: unknown): unknown {
  if (value === "NaN") return Number.NaN;
  if (value === "Infinity") return Number.POSITIVE_INFINITY;
  if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
  return value;
}

/**
 * Reads `fixtures/<file>` of this package. The path is resolved from this module's URL: `src/`
 * when tests run from source, `dist/` once built, both one level below the package root, where
 * `files` in package.json ships `fixtures/`.
 */
export function fixture<T = Record<string, unknown>>(file: string): T {
  let data = cache.get(file);
  if (data === undefined) {
    const url = new URL(`../fixtures/${file}`, import.meta.url);
    data = JSON.parse(readFileSync(url, "utf8"), revive);
    cache.set(file, data);
  }
  return data as T;
}

import { readFileSync } from "node:fs";
import { expect } from "vitest";

/** NaN and ±Infinity are stored as strings (JSON has no literal for them). */
function revive(_key: string, value: unknown): unknown {
  if (value === "NaN") return Number.NaN;
  if (value === "Infinity") return Number.POSITIVE_INFINITY;
  if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
  return value;
}

/** A fixture written by tooling/fixtures/generate_data.py (scikit-learn's outputs). */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are untyped JSON
export function fixture(name: string): any {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"), revive);
}

/** Element-wise closeness of nested number arrays (NaN equals NaN), with a relative+absolute tolerance. */
export function expectClose(got: unknown, want: unknown, tol = 1e-12): void {
  const g = (got as unknown[]).flat(3) as number[];
  const w = (want as unknown[]).flat(3) as number[];
  expect(g.length).toBe(w.length);
  g.forEach((v, i) => {
    const e = w[i]!;
    if (Number.isNaN(e)) expect(v, `index ${i}`).toBeNaN();
    else
      expect(Math.abs(v - e), `index ${i}: got ${v}, want ${e}`).toBeLessThanOrEqual(tol * (1 + Math.abs(e)));
  });
}

import { readFileSync } from "node:fs";
import { expect } from "vitest";

/** A committed fixture of tooling/fixtures/generate_metrics.py, with "NaN"/"Infinity" decoded. */
export function fixture<T>(name: string): T {
  const text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
  return JSON.parse(text, (_k, v) =>
    v === "NaN"
      ? Number.NaN
      : v === "Infinity"
        ? Number.POSITIVE_INFINITY
        : v === "-Infinity"
          ? Number.NEGATIVE_INFINITY
          : v,
  );
}

/** Equal to scikit-learn's value up to float64 summation-order error; NaN equals NaN. */
export function expectClose(got: unknown, expected: unknown, rtol = 1e-12, path = "value"): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(got), `${path} is an array`).toBe(true);
    const g = got as unknown[];
    expect(g.length, `${path}.length`).toBe(expected.length);
    for (const [i, e] of expected.entries()) expectClose(g[i], e, rtol, `${path}[${i}]`);
    return;
  }
  if (expected === null) {
    expect(got, path).toBeNull();
    return;
  }
  const e = expected as number;
  const v = got as number;
  expect(typeof v, `${path} is a number`).toBe("number");
  if (Number.isNaN(e)) expect(Number.isNaN(v), `${path}: expected NaN, got ${v}`).toBe(true);
  else if (!Number.isFinite(e)) expect(v, path).toBe(e);
  else
    expect(Math.abs(v - e), `${path}: got ${v}, expected ${e}`).toBeLessThanOrEqual(
      1e-15 + rtol * Math.abs(e),
    );
}

/** The zeroDivision option from its fixture name. */
export function zeroDivision(name: string): "warn" | number {
  return name === "warn" ? "warn" : name === "nan" ? Number.NaN : Number(name);
}

/** Splits two arrays into batches of `size`. */
export function batches<T>(a: T[], b: T[], size: number): [T[], T[]][] {
  const out: [T[], T[]][] = [];
  for (let i = 0; i < a.length; i += size) out.push([a.slice(i, i + size), b.slice(i, i + size)]);
  return out;
}

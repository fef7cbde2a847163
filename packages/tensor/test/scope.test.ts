import { describe, expect, it } from "vitest";
import {
  add,
  keep,
  memory,
  mul,
  ones,
  registerBackend,
  sum,
  type Tensor,
  TensorkitError,
  tidy,
} from "../src/index.js";
import { createTestBackend } from "./helpers/reference-backend.js";

// Registered at load: describe bodies build tensors while tests are collected.
registerBackend("test", createTestBackend);

describe("tidy", () => {
  it("disposes what it created except what it returns", () => {
    const before = memory().numTensors;
    const x = ones([2]);
    const y = tidy(() => add(mul(x, 2), 1));
    expect(y.toArray()).toEqual([3, 3]);
    expect(x.isDisposed).toBe(false);
    expect(memory().numTensors).toBe(before + 2);
    x.dispose();
    y.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("keeps tensors returned in arrays and objects, and kept ones", () => {
    const before = memory().numTensors;
    let kept: Tensor | undefined;
    const out = tidy(() => {
      kept = keep(ones([1]));
      ones([5]); // dropped
      return { a: [ones([2])], b: { c: ones([3]) } };
    });
    expect(out.a[0]!.isDisposed).toBe(false);
    expect(out.b.c.isDisposed).toBe(false);
    expect(memory().numTensors).toBe(before + 3);
    for (const t of [out.a[0]!, out.b.c, kept!]) t.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("hands returned tensors to the enclosing tidy", () => {
    const before = memory().numTensors;
    tidy(() => {
      const inner = tidy(() => ones([2]));
      expect(inner.isDisposed).toBe(false);
    });
    expect(memory().numTensors).toBe(before);
  });

  it("cleans up when the function throws, and refuses async functions", () => {
    const before = memory().numTensors;
    expect(() =>
      tidy(() => {
        ones([2]);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(() => tidy(async () => ones([1]))).toThrow(TensorkitError);
    expect(memory().numTensors).toBe(before);
  });

  it("keeps memory flat over a 10,000-iteration loop of ops", () => {
    const before = memory();
    const w = ones([4, 4]);
    for (let i = 0; i < 10_000; i++) {
      tidy(() => {
        sum(mul(add(w, i), 0.5), 1);
      });
    }
    w.dispose();
    expect(memory()).toEqual(before);
  });
});

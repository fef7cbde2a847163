import * as tk from "@tensorkit/tensor";
import { describe, expect } from "vitest";
import { type Suite, values } from "../suite.js";

const F = "lifecycle";

export function lifecycle(s: Suite): void {
  const counts = () => {
    const m = tk.memory().backends[tk.backendName(s.backend)];
    return { numTensors: m?.numTensors ?? 0, numStorages: m?.numStorages ?? 0, numBytes: m?.numBytes ?? 0 };
  };

  describe("memory", () => {
    s.test(
      F,
      "10,000 iterations of small ops inside tidy leave memory where it started",
      () => {
        const before = counts();
        const a = tk.tensor([1, 2, 3]);
        const b = tk.tensor([[0.5], [2]]);
        tk.tidy(() => {
          let acc = tk.zeros([2, 3]);
          let midway = counts();
          for (let i = 0; i < 10_000; i++) {
            const next = tk.tidy(() => tk.add(tk.mul(tk.relu(tk.sub(a, b)), 0.001), tk.mul(acc, 0.5)));
            acc.dispose();
            acc = next;
            if (i === 100) midway = counts();
          }
          expect(counts(), "the tensor count stays flat through the loop").toEqual(midway);
          expect(values(acc)[0]).toBeCloseTo(0.001, 6);
        });
        a.dispose();
        b.dispose();
        expect(counts()).toEqual(before);
      },
      120_000,
    );

    s.test(F, "tidy keeps what it returns and what keep() marks, frees the rest", () => {
      const before = counts();
      let kept: tk.Tensor | undefined;
      const out = tk.tidy(() => {
        kept = tk.keep(tk.ones([2]));
        tk.zeros([100]);
        return tk.add(tk.ones([3]), 1);
      });
      expect(values(out)).toEqual([2, 2, 2]);
      expect(counts().numTensors).toBe(before.numTensors + 2);
      out.dispose();
      kept!.dispose();
      expect(counts()).toEqual(before);
    });

    s.test(F, "a storage shared by views is freed once, when the last view is disposed", () => {
      const before = counts();
      const base = tk.tensor([
        [1, 2],
        [3, 4],
      ]);
      const t = tk.transpose(base);
      const r = tk.reshape(base, [4]);
      base.dispose();
      expect(values(t)).toEqual([1, 3, 2, 4]); // still readable through the views
      t.dispose();
      t.dispose(); // twice is harmless
      expect(counts().numStorages).toBe(before.numStorages + 1);
      r.dispose();
      expect(counts()).toEqual(before);
    });

    s.test(F, "using a disposed tensor throws a DisposedError", () => {
      const x = tk.tensor([1, 2]);
      x.dispose();
      expect(() => tk.add(x, 1)).toThrow(tk.DisposedError);
      expect(() => x.dataSync()).toThrow(tk.DisposedError);
    });

    s.test(F, "an op that throws leaves no storage behind", () => {
      const before = counts();
      tk.tidy(() => {
        const a = tk.ones([2, 3]);
        expect(() => tk.matmul(a, tk.ones([2, 3]))).toThrow(tk.ShapeError);
        expect(() => tk.add(a, tk.ones([4]))).toThrow(tk.ShapeError);
      });
      expect(counts()).toEqual(before);
    });
  });

  describe("readback", () => {
    s.testAsync(F, "data() and dataSync() agree, for contiguous and non-contiguous tensors", async () => {
      const x = tk.tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      const t = tk.transpose(x);
      try {
        expect(Array.from(await x.data())).toEqual([1, 2, 3, 4, 5, 6]);
        expect(Array.from(await t.data())).toEqual([1, 4, 2, 5, 3, 6]);
        expect(Array.from(t.dataSync())).toEqual([1, 4, 2, 5, 3, 6]);
        expect(t.dataSync()).toBeInstanceOf(Float32Array);
      } finally {
        t.dispose();
        x.dispose();
      }
    });

    s.testAsync(F, "data() of every dtype returns its typed array", async () => {
      const ts = [tk.tensor([1, 2], "int32"), tk.tensor([true, false]), tk.zeros([0])];
      try {
        expect(await ts[0]!.data()).toBeInstanceOf(Int32Array);
        expect(Array.from(await ts[1]!.data())).toEqual([1, 0]);
        expect(await ts[1]!.data()).toBeInstanceOf(Uint8Array);
        expect(Array.from(await ts[2]!.data())).toEqual([]);
      } finally {
        for (const t of ts) t.dispose();
      }
    });

    s.test(F, "toArray nests by shape; bools read as booleans; item reads one element", () => {
      expect(
        tk
          .tensor([
            [1, 2],
            [3, 4],
          ])
          .toArray(),
      ).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(tk.tensor([[true], [false]]).toArray()).toEqual([[true], [false]]);
      expect(tk.scalar(3).toArray()).toEqual(3);
      expect(tk.tensor([[7]]).item()).toBe(7);
      expect(tk.tensor([true]).item()).toBe(true);
      expect(() => tk.tensor([1, 2]).item()).toThrow(tk.ValueError);
      expect(
        tk
          .transpose(
            tk.tensor([
              [1, 2],
              [3, 4],
            ]),
          )
          .toArray(),
      ).toEqual([
        [1, 3],
        [2, 4],
      ]);
    });

    s.test(F, "clone makes an independent copy; toString shows the values", () => {
      const x = tk.tensor([1.5, 2]);
      const c = tk.clone(x);
      x.dispose();
      expect(values(c)).toEqual([1.5, 2]);
      expect(tk.tensor([1.5, 2]).toString()).toContain("1.5");
    });

    s.test(F, "moving a tensor to its own backend keeps its values", () => {
      const x = tk.transpose(
        tk.tensor([
          [1, 2],
          [3, 4],
        ]),
      );
      expect(values(tk.toBackend(x, s.name))).toEqual([1, 3, 2, 4]);
    });
  });

  describe("errors", () => {
    s.test(F, "add of unbroadcastable shapes throws a ShapeError naming the op and both shapes", () => {
      const fn = () => tk.add(tk.zeros([2, 3]), tk.zeros([4]));
      expect(fn).toThrow(tk.ShapeError);
      let message = "";
      try {
        fn();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain("add");
      expect(message).toContain("[2,3]");
      expect(message).toContain("[4]");
    });

    s.test(F, "shape errors of movement ops name the op", () => {
      expect(() => tk.reshape(tk.zeros([2, 3]), [4])).toThrow(tk.ShapeError);
      expect(() => tk.reshape(tk.zeros([2, 3]), [4])).toThrow(/reshape/);
      expect(() => tk.concat([tk.zeros([2, 3]), tk.zeros([2, 4])], 0)).toThrow(tk.ShapeError);
      expect(() => tk.concat([tk.zeros([2, 3]), tk.zeros([2, 4])], 0)).toThrow(/concat/);
      expect(() => tk.stack([tk.zeros([2]), tk.zeros([3])])).toThrow(tk.ShapeError);
      expect(() => tk.expand(tk.zeros([2]), [3])).toThrow(tk.ShapeError);
      expect(() => tk.where(tk.tensor([true, false]), tk.zeros([3]), 0)).toThrow(tk.ShapeError);
    });

    s.test(F, "an axis out of range throws a ValueError", () => {
      expect(() => tk.sum(tk.zeros([2, 3]), 2)).toThrow(tk.ValueError);
      expect(() => tk.softmax(tk.zeros([2, 3]), -3)).toThrow(tk.ValueError);
      expect(() => tk.concat([tk.zeros([2])], 1)).toThrow(tk.ValueError);
    });
  });
}

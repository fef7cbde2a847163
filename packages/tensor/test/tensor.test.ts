import { describe, expect, it } from "vitest";
import {
  arange,
  DisposedError,
  eye,
  full,
  linspace,
  memory,
  ones,
  registerBackend,
  reshape,
  ShapeError,
  tensor,
  ValueError,
  zeros,
} from "../src/index.js";
import { createTestBackend } from "./helpers/reference-backend.js";

// Registered at load: describe bodies build tensors while tests are collected.
registerBackend("test", createTestBackend);

describe("creation", () => {
  it("builds tensors from nested arrays, inferring shape and dtype", () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe("float32");
    expect(x.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tensor([true, false]);
    expect(b.dtype).toBe("bool");
    expect(b.toArray()).toEqual([true, false]);
    expect(tensor(3.5).shape).toEqual([]);
    expect(tensor(3.5).item()).toBe(3.5);
    expect(tensor([]).shape).toEqual([0]);
  });

  it("keeps a typed array's dtype and takes a shape", () => {
    const x = tensor(new Int32Array([1, 2, 3, 4]), { shape: [2, 2] });
    expect(x.dtype).toBe("int32");
    expect(x.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => tensor(new Float32Array(3), { shape: [2, 2] })).toThrow(
      /3 values do not fill shape \[2,2\]/,
    );
  });

  it("converts to a requested dtype as PyTorch does (int truncates toward zero, bool is != 0)", () => {
    expect(tensor([1.7, -1.7, 2.5], "int32").toArray()).toEqual([1, -1, 2]);
    expect(tensor([0, 2, -0.5, Number.NaN], "bool").toArray()).toEqual([false, true, true, true]);
  });

  it("rejects ragged and mixed arrays, naming where", () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/element at \[1\] has length 1, expected length 2/);
    expect(() => tensor([1, true] as never)).toThrow(/mixed booleans and numbers/);
    expect(() => tensor([1, "a"] as never)).toThrow(/element at \[1\] is string/);
  });

  it("fills constants", () => {
    expect(zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(ones([3], "int32").toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(full([1], true).dtype).toBe("bool");
    expect(() => zeros([-1])).toThrow(/zeros: shape \[-1\] has an invalid dimension -1/);
  });

  it("makes ranges like torch.arange and torch.linspace", () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(5).dtype).toBe("int32");
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(1, 2, 0.25).dtype).toBe("float32");
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(() => arange(0, 5, -1)).toThrow(ValueError);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(0, 1, 1).toArray()).toEqual([0]);
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });
});

describe("readback and formatting", () => {
  it("reads scalars, and refuses item() on many elements", () => {
    expect(tensor([[4]]).item()).toBe(4);
    expect(tensor(true).item()).toBe(true);
    expect(() => tensor([1, 2]).item()).toThrow(
      /only a tensor with one element has an item; this one has shape \[2\]/,
    );
  });

  it("reads asynchronously too", async () => {
    expect(Array.from(await tensor([1, 2]).data())).toEqual([1, 2]);
  });

  it("renders like PyTorch", () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).toString(),
    ).toBe("tensor([[1., 2.],\n        [3., 4.]], float32)");
    expect(tensor([1, 2], "int32").toString()).toBe("tensor([1, 2], int32)");
    expect(tensor(0.5).toString()).toBe("tensor(0.5, float32)");
    expect(tensor([true, false]).toString()).toBe("tensor([ true, false], bool)");
    const long = arange(2000).toString();
    expect(long).toBe("tensor([   0,    1,    2, ..., 1997, 1998, 1999], int32)");
  });
});

describe("memory", () => {
  it("frees disposed tensors and rejects their use", () => {
    const before = memory();
    const x = ones([10]);
    expect(memory().numTensors).toBe(before.numTensors + 1);
    expect(memory().numBytes).toBe(before.numBytes + 40);
    x.dispose();
    x.dispose(); // twice is harmless
    expect(memory()).toEqual(before);
    expect(x.isDisposed).toBe(true);
    expect(() => x.add(1)).toThrow(DisposedError);
    expect(() => x.dataSync()).toThrow(/dataSync: a tensor of shape \[10\] was used after dispose\(\)/);
  });

  it("frees at the end of a `using` block", () => {
    const before = memory().numTensors;
    {
      using x = ones([3]);
      using s = x.sum();
      expect(s.item()).toBe(3);
    }
    expect(memory().numTensors).toBe(before);
  });
});

describe("assign", () => {
  it("replaces the data in place, keeping identity, and checks shape and dtype", () => {
    const before = memory();
    const w = tensor([1, 2, 3]);
    const old = reshape(w, [3, 1]); // an earlier view keeps the old data
    const next = tensor([4, 5, 6]);
    expect(w.assign(next)).toBe(w);
    expect(w.toArray()).toEqual([4, 5, 6]);
    expect(old.toArray()).toEqual([[1], [2], [3]]);
    next.dispose(); // w still holds the shared storage
    expect(w.toArray()).toEqual([4, 5, 6]);
    expect(() => w.assign(tensor([1, 2]))).toThrow(
      "assign: the new value is float32 [2] but the tensor is float32 [3]",
    );
    expect(() => w.assign(tensor([1, 2, 3], "int32"))).toThrow(/int32 \[3\]/);
    for (const t of [w, old]) t.dispose();
    expect(memory().numTensors).toBe(before.numTensors + 2); // the two rejected values above
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import { lstmSequence, ShapeError, tensor, zeros } from "../src/index.js";
import { expectClose, PATHS, randomValues, storagesLeft, use } from "./helpers/harness.js";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * PyTorch's LSTM recurrence by scalar loops, with Math.tanh: per step the 7 output columns
 * [h, c, σi, σf, σ(2g), σo, tanh c'] (`gates` [seq, batch, 4H], `w` [4H, H], flat row-major;
 * `lengths` mask the steps at or past a sequence's end, which keep the previous state).
 */
function naiveLstm(
  gates: number[],
  w: number[],
  h0: number[],
  c0: number[],
  seq: number,
  batch: number,
  H: number,
  reverse: boolean,
  lengths: number[] | null,
): number[] {
  const out = new Array<number>(seq * batch * 7 * H).fill(0);
  const h = [...h0];
  const c = [...c0];
  for (let k = 0; k < seq; k++) {
    const t = reverse ? seq - 1 - k : k;
    for (let b = 0; b < batch; b++) {
      const pre = Array.from({ length: 4 * H }, (_, j) => {
        let s = gates[(t * batch + b) * 4 * H + j]!;
        for (let p = 0; p < H; p++) s += h[b * H + p]! * w[j * H + p]!;
        return s;
      });
      const row = (t * batch + b) * 7 * H;
      const inside = lengths === null || t < lengths[b]!;
      const fresh: number[] = [];
      for (let u = 0; u < H; u++) {
        const [i, f, g, o] = [0, 1, 2, 3].map((q) => pre[q * H + u]!) as [number, number, number, number];
        const cNew = sigmoid(f) * c[b * H + u]! + sigmoid(i) * Math.tanh(g);
        fresh.push(Math.tanh(cNew) * sigmoid(o), cNew);
        const saved = [sigmoid(i), sigmoid(f), sigmoid(2 * g), sigmoid(o), Math.tanh(cNew)];
        saved.forEach((v, q) => {
          out[row + (2 + q) * H + u] = v;
        });
      }
      for (let u = 0; u < H; u++) {
        if (inside) {
          h[b * H + u] = fresh[2 * u]!;
          c[b * H + u] = fresh[2 * u + 1]!;
        }
        out[row + u] = h[b * H + u]!;
        out[row + H + u] = c[b * H + u]!;
      }
    }
  }
  return out;
}

describe.each(PATHS)("lstmSequence (%s)", (_, backend) => {
  beforeEach(() => use(backend));
  const [seq, batch, H] = [5, 3, 2];
  const g = randomValues(seq * batch * 4 * H, 3).map((v) => 2 * v);
  const w = randomValues(4 * H * H, 4);
  const h0 = randomValues(batch * H, 5);
  const c0 = randomValues(batch * H, 6);
  const make = () => ({
    gates: tensor(g, { shape: [seq, batch, 4 * H] }),
    wHh: tensor(w, { shape: [4 * H, H] }),
    h: tensor(h0, { shape: [batch, H] }),
    c: tensor(c0, { shape: [batch, H] }),
  });

  for (const reverse of [false, true]) {
    it(`equals the recurrence computed by loops${reverse ? ", reversed" : ""}, every column`, () => {
      const { gates, wHh, h, c } = make();
      lstmSequence(gates, wHh, h, c, { reverse }).dispose(); // makes the cached scalar constants (1, 2)
      const { result, left } = storagesLeft(backend, () => lstmSequence(gates, wHh, h, c, { reverse }));
      expect(result.shape).toEqual([seq, batch, 7 * H]);
      expectClose(result.dataSync(), naiveLstm(g, w, h0, c0, seq, batch, H, reverse, null), 1e-5);
      expect(left).toBe(1); // its output only: every temporary freed
    });

    it(`carries the state through masked steps (lengths 5, 2, 0)${reverse ? ", reversed" : ""}`, () => {
      const { gates, wHh, h, c } = make();
      const lengths = [5, 2, 0];
      const mask = tensor(Array.from({ length: seq }, (_, t) => lengths.map((l) => [t < l])));
      const out = lstmSequence(gates, wHh, h, c, { reverse, mask });
      expectClose(out.dataSync(), naiveLstm(g, w, h0, c0, seq, batch, H, reverse, lengths), 1e-5);
    });
  }

  it("returns an empty [0, batch, 7·hidden] for an empty sequence", () => {
    const out = lstmSequence(zeros([0, 2, 8]), zeros([8, 2]), zeros([2, 2]), zeros([2, 2]));
    expect(out.shape).toEqual([0, 2, 14]);
  });

  it("names the op, the rule and every shape for mismatched inputs", () => {
    const { gates, wHh, h } = make();
    expect(() => lstmSequence(gates, wHh, h, zeros([batch, 3]))).toThrow(ShapeError);
    expect(() => lstmSequence(gates, wHh, h, zeros([batch, 3]))).toThrow(
      "lstmSequence: h0 and c0 must be [batch, hidden]; got gates [5,3,8], wHh [8,2], h0 [3,2], c0 [3,3]",
    );
    expect(() => lstmSequence(gates, zeros([6, 2]), h, h)).toThrow("wHh must be [4·hidden, hidden]");
    expect(() => lstmSequence(zeros([5, 3, 6]), wHh, h, h)).toThrow("gates must be [seq, batch, 4·hidden]");
    expect(() => lstmSequence(gates, wHh, h, h, { mask: zeros([5, 3, 1]) })).toThrow(
      "mask must be bool [seq, batch, 1]",
    );
  });
});

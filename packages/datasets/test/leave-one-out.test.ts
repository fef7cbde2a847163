import { createCpuBackend } from "@tensorkit/backend-cpu";
import { Generator, registerBackend, tensor } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { candidatePairs, leaveOneOut, popularityScores, withNegatives } from "../src/leave-one-out.js";

registerBackend("cpu", createCpuBackend);

// user 0: items 1, 4, 2 (latest 2); user 1: item 3 only; user 2: items 0, 5 (latest 5)
const PAIRS = Int32Array.from([0, 1, 2, 0, 0, 4, 1, 3, 0, 2, 2, 5]);

describe("leaveOneOut", () => {
  it("holds out each user's latest interaction; single-interaction users only train", () => {
    const s = leaveOneOut(PAIRS, { numUsers: 3, numItems: 10, negatives: 3, seed: 1 });
    expect([...s.users]).toEqual([0, 2]);
    expect([...s.train]).toEqual([0, 1, 2, 0, 0, 4, 1, 3]);
    expect(s.candidates[0]).toBe(2);
    expect(s.candidates[4]).toBe(5);
    expect([...s.seen[0]!].sort()).toEqual([1, 2, 4]);
  });

  it("draws distinct negatives the user never interacted with, the same for the same seed", () => {
    const s = leaveOneOut(PAIRS, { numUsers: 3, numItems: 10, negatives: 5, seed: 2 });
    expect(s.candidates.length).toBe(2 * 6);
    [0, 2].forEach((u, k) => {
      const negatives = [...s.candidates.subarray(k * 6 + 1, (k + 1) * 6)];
      expect(new Set(negatives).size).toBe(5);
      for (const i of negatives) expect(s.seen[u]!.has(i)).toBe(false);
    });
    const again = leaveOneOut(tensor(PAIRS, { shape: [6, 2] }), {
      numUsers: 3,
      numItems: 10,
      negatives: 5,
      seed: 2,
    });
    expect([...again.candidates]).toEqual([...s.candidates]);
  });

  it("samples negatives uniformly among the unseen items", () => {
    // user 0 saw items 0 and 1 of 6; 4000 draws of one negative each should spread evenly over 2–5.
    const pairs = Int32Array.from({ length: 4000 * 4 }, (_, k) =>
      k % 2 === 0 ? Math.floor(k / 4) : (k >> 1) % 2,
    );
    const s = leaveOneOut(pairs, { numUsers: 4000, numItems: 6, negatives: 1, seed: 3 });
    const counts = [0, 0, 0, 0, 0, 0];
    for (let k = 0; k < s.users.length; k++) counts[s.candidates[2 * k + 1]!]!++;
    expect(counts[0]! + counts[1]!).toBe(0);
    for (const c of counts.slice(2))
      expect(Math.abs(c / 4000 - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / 4000));
  });

  it("pairs each training positive with unseen negatives labelled 0", () => {
    const s = leaveOneOut(PAIRS, { numUsers: 3, numItems: 10, negatives: 3, seed: 1 });
    const { x, y } = withNegatives(s, 2, new Generator(4));
    expect(y.length).toBe(4 * 3);
    expect([...y]).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]);
    for (let r = 0; r < y.length; r++) {
      const [u, i] = [x[2 * r]!, x[2 * r + 1]!];
      if (y[r] === 0) expect(s.seen[u]!.has(i)).toBe(false);
      else expect(s.seen[u]!.has(i)).toBe(true);
    }
  });

  it("rejects out-of-range pairs and too few negatives, naming the row or user", () => {
    expect(() => leaveOneOut(Int32Array.from([0, 1, 3, 2]), { numUsers: 2, numItems: 5 })).toThrow(
      /row 1 is \(user 3, item 2\), outside \[0, 2\) × \[0, 5\)/,
    );
    expect(() => leaveOneOut(PAIRS, { numUsers: 3, numItems: 10, negatives: 8 })).toThrow(
      /user 0 interacted with 3 of 10 items, leaving fewer than 8 negatives/,
    );
    expect(() =>
      withNegatives(leaveOneOut(PAIRS, { numUsers: 3, numItems: 10, negatives: 1 }), -1, new Generator(0)),
    ).toThrow(/perPositive must be an integer ≥ 0/);
  });
});

describe("candidatePairs", () => {
  it("pairs every candidate with its user, row by row", () => {
    const s = leaveOneOut(PAIRS, { numUsers: 3, numItems: 10, negatives: 2, seed: 5 });
    const pairs = candidatePairs(s);
    expect(pairs.length).toBe(2 * 6);
    for (let j = 0; j < 6; j++) {
      expect(pairs[2 * j]).toBe(j < 3 ? 0 : 2);
      expect(pairs[2 * j + 1]).toBe(s.candidates[j]);
    }
  });
});

describe("popularityScores", () => {
  it("scores each candidate by its item's training interactions", () => {
    // training pairs: (0,1) (2,0) (0,4) (1,3) — items 0, 1, 3, 4 once each
    const s = leaveOneOut(PAIRS, { numUsers: 3, numItems: 10, negatives: 3, seed: 1 });
    const rows = popularityScores(s);
    expect(rows.length).toBe(2);
    rows.forEach((row, r) => {
      row.forEach((score, j) => {
        expect(score).toBe([0, 1, 3, 4].includes(s.candidates[r * 4 + j]!) ? 1 : 0);
      });
    });
  });
});

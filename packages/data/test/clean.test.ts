import { describe, expect, it } from "vitest";
import { dropDuplicates, dropNa } from "../src/clean.js";
import { Table } from "../src/table.js";

const NaN_ = Number.NaN;
const t = Table.fromColumns({ a: [1, NaN_, 3, NaN_], b: ["x", "y", null, null], c: [1, 2, 3, 4] });

describe("dropNa", () => {
  it("drops rows with any / all missing values, within a subset, with thresh (as pandas)", () => {
    expect(dropNa(t).column("c")).toEqual([1]);
    expect(dropNa(t, { subset: ["a"] }).column("c")).toEqual([1, 3]);
    expect(dropNa(t, { how: "all", subset: ["a", "b"] }).column("c")).toEqual([1, 2, 3]);
    expect(dropNa(t, { thresh: 2 }).column("c")).toEqual([1, 2, 3]);
  });

  it("drops columns", () => {
    expect(dropNa(t, { axis: "columns" }).columns).toEqual(["c"]);
    const allMissing = Table.fromColumns({ a: [NaN_, NaN_], b: [1, NaN_] });
    expect(dropNa(allMissing, { axis: "columns", how: "all" }).columns).toEqual(["b"]);
    expect(() => dropNa(t, { axis: "columns", subset: ["a"] })).toThrow(/only applies with axis: 'rows'/);
  });
});

describe("dropDuplicates", () => {
  const d = Table.fromColumns({ a: [1, 1, 2, 1, NaN_, NaN_], b: ["x", "x", "y", "z", null, null] });
  it("keeps the first, the last, or none of repeated rows; missing values are equal", () => {
    expect(dropDuplicates(d).toRows()).toEqual([
      [1, "x"],
      [2, "y"],
      [1, "z"],
      [NaN_, null],
    ]);
    expect(dropDuplicates(d, { keep: "last" }).toRows()).toEqual([
      [1, "x"],
      [2, "y"],
      [1, "z"],
      [NaN_, null],
    ]);
    expect(dropDuplicates(d, { keep: "last" }).numRows).toBe(4);
    expect(dropDuplicates(d, { keep: false }).toRows()).toEqual([
      [2, "y"],
      [1, "z"],
    ]);
    expect(dropDuplicates(d, { subset: ["a"] }).column("b")).toEqual(["x", "y", null]);
    const mixed = Table.fromColumns({ a: ["1", "1"] });
    expect(dropDuplicates(mixed).numRows).toBe(1);
  });
});

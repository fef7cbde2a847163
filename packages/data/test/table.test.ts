import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { isMissing, Table } from "../src/table.js";

registerBackend("cpu", createCpuBackend);

const t = Table.fromColumns({ age: [22, 38, null, 35], sex: ["m", "f", "f", null], y: [0, 1, 1, 0] });

describe("Table", () => {
  it("infers column types and marks missing values", () => {
    expect(t.shape).toEqual([4, 3]);
    expect(t.columnType("age")).toBe("number");
    expect(t.columnType("sex")).toBe("category");
    expect(t.column("age")).toEqual([22, 38, Number.NaN, 35]);
    expect(t.column("sex")).toEqual(["m", "f", "f", null]);
    expect(isMissing(Number.NaN) && isMissing(null) && !isMissing(0)).toBe(true);
  });

  it("select, drop, filterRows, take, head, row, toRecords, withColumn return new tables", () => {
    expect(t.select(["y", "age"]).columns).toEqual(["y", "age"]);
    expect(t.drop(["sex"]).columns).toEqual(["age", "y"]);
    const adults = t.filterRows((r) => (r.age as number) > 30);
    expect(adults.column("age")).toEqual([38, 35]);
    expect(t.take([3, 0]).column("y")).toEqual([0, 0]);
    expect(t.head(2).numRows).toBe(2);
    expect(t.row(1)).toEqual({ age: 38, sex: "f", y: 1 });
    expect(t.toRecords()).toHaveLength(4);
    const w = t.withColumn("z", [1, 2, 3, 4]);
    expect(w.columns).toEqual(["age", "sex", "y", "z"]);
    expect(t.columns).toEqual(["age", "sex", "y"]);
    expect(t.withColumn("age", ["a", "b", "c", "d"]).columnType("age")).toBe("category");
    expect(t.toRows(["sex", "y"])[0]).toEqual(["m", 0]);
    expect(t.toString()).toContain("NA");
  });

  it("toTensor: a list gives [n, k], one name gives [n]; categorical columns are refused", () => {
    const before = memory().numTensors;
    const x = t.toTensor(["age", "y"]);
    expect(x.shape).toEqual([4, 2]);
    expect(x.toArray()).toEqual([
      [22, 0],
      [38, 1],
      [Number.NaN, 1],
      [35, 0],
    ]);
    const y = t.toTensor("y", { dtype: "int32" });
    expect(y.shape).toEqual([4]);
    expect(y.dtype).toBe("int32");
    x.dispose();
    y.dispose();
    expect(memory().numTensors).toBe(before);
    expect(() => t.toTensor(["sex"])).toThrow(/column "sex" is categorical; encode it first/);
    expect(() => t.toTensor("age", { dtype: "int32" })).toThrow(/row 2 is NaN, which is not an integer/);
  });

  it("errors name the missing column and list the table's", () => {
    expect(() => t.column("fare")).toThrow(/Table.column: no column "fare"; the table has "age", "sex", "y"/);
    expect(() => Table.fromColumns({ a: [1], b: [1, 2] })).toThrow(/"b" has 2 values, but "a" has 1/);
    expect(() => Table.fromColumns({ a: [1, "x"] }, { a: "number" })).toThrow(
      /declared 'number' but holds strings/,
    );
    expect(() => t.take([9])).toThrow(/index 9 \(position 0\) is out of range for 4 rows/);
    expect(() => t.numberColumn("sex")).toThrow(/categorical/);
  });
});

import { describe, expect, it } from "vitest";
import { JsonError } from "../src/errors.js";
import { fromJson, readJson } from "../src/json.js";

describe("fromJson / readJson", () => {
  it("builds a table from records: key order, missing keys, booleans as categories", () => {
    const t = fromJson([
      { x: 1, c: "a" },
      { x: null, flag: true },
      { c: "b", x: 3 },
    ]);
    expect(t.columns).toEqual(["x", "c", "flag"]);
    expect(t.column("x")).toEqual([1, Number.NaN, 3]);
    expect(t.column("c")).toEqual(["a", null, "b"]);
    expect(t.column("flag")).toEqual([null, "true", null]);
  });

  it("follows declared types; a bad value names the record and key", () => {
    const t = fromJson([{ n: "4" }, { n: 5 }], { columns: { n: "number" } });
    expect(t.column("n")).toEqual([4, 5]);
    expect(() => fromJson([{ n: 1 }, { n: "x" }], { columns: { n: "number" } })).toThrow(
      /<records>: row 2: key "n": expected a number, found "x"/,
    );
    expect(() => fromJson([{ n: 1 }, { n: { deep: 1 } }])).toThrow(JsonError);
    expect(() => fromJson([{ n: 1 }, { n: [1] }])).toThrow(/row 2: key "n": .*got an array/);
    expect(() => fromJson([1 as unknown as Record<string, unknown>])).toThrow(/row 1: expected a record/);
  });

  it("reads JSON text: records, or pandas' split orientation; syntax errors name the file", () => {
    expect(readJson('[{"a": 1}, {"a": 2}]').column("a")).toEqual([1, 2]);
    const s = readJson('{"columns": ["a", "b"], "data": [[1, "x"], [2, "y"]]}');
    expect(s.column("b")).toEqual(["x", "y"]);
    expect(() => readJson("{ nope", { fileName: "rows.json" })).toThrow(/^rows\.json: not valid JSON/);
    expect(() => readJson("")).toThrow(/<string>: the file is empty/);
    expect(() => readJson('{"columns": ["a"], "data": [[1, 2]]}')).toThrow(
      /row 1: data row has 2 values, expected 1/,
    );
  });
});

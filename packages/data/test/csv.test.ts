import { describe, expect, it } from "vitest";
import { readCsv } from "../src/csv.js";
import { CsvError } from "../src/errors.js";

function csvError(fn: () => unknown): CsvError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError);
    return e as CsvError;
  }
  throw new Error("expected a CsvError");
}

describe("readCsv", () => {
  it("reads numeric and categorical columns, missing values (NA and empty)", () => {
    const t = readCsv("age,fare,sex\n22,7.25,male\nNA,71.3,female\n35,,\n");
    expect(t.columns).toEqual(["age", "fare", "sex"]);
    expect(t.numRows).toBe(3);
    expect(t.columnType("age")).toBe("number");
    expect(t.columnType("sex")).toBe("category");
    expect(t.column("age")).toEqual([22, Number.NaN, 35]);
    expect(t.column("fare")).toEqual([7.25, 71.3, Number.NaN]);
    expect(t.column("sex")).toEqual(["male", "female", null]);
  });

  it("handles quotes, embedded delimiters and newlines, CRLF, a BOM, and a given delimiter", () => {
    const t = readCsv('\uFEFFname,note\r\n"Smith, J","said ""hi""\nthen left"\r\n');
    expect(t.column("name")).toEqual(["Smith, J"]);
    expect(t.column("note")).toEqual(['said "hi"\nthen left']);
    const s = readCsv("a;b\n1;2\n", { delimiter: ";" });
    expect(s.column("b")).toEqual([2]);
    expect(readCsv("a\tb\n1\t2\n").column("b")).toEqual([2]); // detected
  });

  it("follows declared types, custom naValues, header: false, names, and scientific notation", () => {
    const t = readCsv("zip,v\n02134,1e3\n10001,-2.5E-1\n", { columns: { zip: "category" } });
    expect(t.column("zip")).toEqual(["02134", "10001"]);
    expect(t.column("v")).toEqual([1000, -0.25]);
    const n = readCsv("1,x\n-,y\n", { header: false, naValues: ["-"] });
    expect(n.columns).toEqual(["0", "1"]);
    expect(n.column("0")).toEqual([1, Number.NaN]);
    expect(readCsv("1,2\n", { header: false, names: ["a", "b"] }).columns).toEqual(["a", "b"]);
    expect(readCsv("a\n0x1f\n").columnType("a")).toBe("category"); // not a decimal number
  });

  it("skips empty lines but counts them in row numbers", () => {
    const t = readCsv("a,b\n1,2\n\n3,4\n");
    expect(t.numRows).toBe(2);
    const e = csvError(() => readCsv("a,b\n1,2\n\n3\n"));
    expect(e.row).toBe(4);
  });

  it("a ragged row names the file, the 1-based row and the column", () => {
    const short = csvError(() => readCsv("a,b,c\n1,2,3\n4,5\n", { fileName: "data.csv" }));
    expect(short.message).toBe(
      'data.csv: row 3, column 3 ("c"): missing field: the row has 2 fields, expected 3',
    );
    expect([short.file, short.row, short.column, short.columnName]).toEqual(["data.csv", 3, 3, "c"]);
    const long = csvError(() => readCsv("a,b\n1,2,3\n"));
    expect(long.message).toBe("<string>: row 2, column 3: extra field: the row has 3 fields, expected 2");
  });

  it("an unparsable number in a numeric column names the file, row, column and the text", () => {
    const e = csvError(() =>
      readCsv("age,sex\n22,m\nabc,f\n", { columns: { age: "number" }, fileName: "t.csv" }),
    );
    expect(e.message).toBe('t.csv: row 3, column 1 ("age"): expected a number, found "abc"');
    expect([e.row, e.column]).toEqual([3, 1]);
  });

  it("an empty file (or only whitespace) is a CsvError naming the file", () => {
    expect(csvError(() => readCsv("", { fileName: "empty.csv" })).message).toBe(
      "empty.csv: the file is empty: expected a header row",
    );
    expect(csvError(() => readCsv(" \n\n")).message).toMatch(/^<string>: the file is empty/);
  });

  it("a header-only file is an empty table; duplicate names, broken quotes and unknown typed columns are errors", () => {
    const t = readCsv("a,b\n");
    expect(t.numRows).toBe(0);
    expect(t.columns).toEqual(["a", "b"]);
    expect(csvError(() => readCsv("a,a\n1,2\n")).message).toMatch(
      /row 1, column 2 \("a"\): duplicate column name/,
    );
    expect(csvError(() => readCsv('a,b\n1,"2\n')).row).toBe(2);
    expect(csvError(() => readCsv("a\n1\n", { columns: { b: "number" } })).message).toMatch(
      /column "b", which the file does not have/,
    );
  });
});

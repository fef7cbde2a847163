import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CsvError, JsonError } from "../src/errors.js";
import { readCsvFile, readJsonFile } from "../src/node.js";

const dir = mkdtempSync(join(tmpdir(), "tensorkit-data-"));

describe("readCsvFile / readJsonFile", () => {
  it("read files; errors name the path", async () => {
    const good = join(dir, "good.csv");
    writeFileSync(good, "a,b\n1,x\n");
    expect((await readCsvFile(good)).column("b")).toEqual(["x"]);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "a,b\n1,2\n3\n");
    await expect(readCsvFile(bad)).rejects.toThrow(`${bad}: row 3, column 2 ("b"): missing field`);
    const empty = join(dir, "empty.csv");
    writeFileSync(empty, "");
    await expect(readCsvFile(empty)).rejects.toThrow(CsvError);
    await expect(readCsvFile(join(dir, "nope.csv"))).rejects.toThrow(/nope\.csv: cannot read the file/);
    const js = join(dir, "rows.json");
    writeFileSync(js, '[{"a": 1}]');
    expect((await readJsonFile(js)).column("a")).toEqual([1]);
    await expect(readJsonFile(join(dir, "none.json"))).rejects.toThrow(JsonError);
  });
});

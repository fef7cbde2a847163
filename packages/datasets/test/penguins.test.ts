import { createCpuBackend } from "@tensorkit/backend-cpu";
import { isMissing } from "@tensorkit/data";
import { registerBackend } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { penguins } from "../src/penguins.js";

registerBackend("cpu", createCpuBackend);

describe("penguins", () => {
  it("has palmerpenguins' 344 rows, columns and species counts", async () => {
    const { table } = await penguins();
    expect(table.numRows).toBe(344);
    expect(table.columns).toEqual([
      "species",
      "island",
      "bill_length_mm",
      "bill_depth_mm",
      "flipper_length_mm",
      "body_mass_g",
      "sex",
    ]);
    const count = (column: string) => {
      const m = new Map<string, number>();
      for (const v of table.categoryColumn(column)) m.set(String(v), (m.get(String(v)) ?? 0) + 1);
      return Object.fromEntries(m);
    };
    // palmerpenguins' documentation: 152 Adelie, 68 Chinstrap, 124 Gentoo; Biscoe 168, Dream 124, Torgersen 52.
    expect(count("species")).toEqual({ Adelie: 152, Chinstrap: 68, Gentoo: 124 });
    expect(count("island")).toEqual({ Torgersen: 52, Biscoe: 168, Dream: 124 });
  });

  it("keeps the missing values: 2 rows without measurements, 11 without sex", async () => {
    const { table } = await penguins();
    for (const c of ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"])
      expect(table.column(c).filter(isMissing).length, c).toBe(2);
    expect(table.column("sex").filter(isMissing).length).toBe(11);
    // palmerpenguins' summary(): mean bill length 43.92 mm, mean body mass 4202 g (NAs removed).
    const mean = (c: string) => {
      const v = (table.numberColumn(c) as number[]).filter((x) => !Number.isNaN(x));
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    expect(mean("bill_length_mm")).toBeCloseTo(43.92193, 4);
    expect(mean("body_mass_g")).toBeCloseTo(4201.754, 2);
  });

  it("writes a CSV whose first rows are the source's, with empty cells for missing values", async () => {
    const { csv } = await penguins();
    const lines = csv.split("\n");
    expect(lines[0]).toBe("species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex");
    expect(lines[1]).toBe("Adelie,Torgersen,39.1,18.7,181,3750,MALE");
    expect(lines[4]).toBe("Adelie,Torgersen,,,,,");
    expect(lines.length).toBe(346); // header, 344 rows, final newline
  });
});

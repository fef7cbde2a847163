/** Formats rows as a text table: the first row is the header, numbers right-aligned. */
export function textTable(rows: readonly (readonly (string | number)[])[], indent = "  "): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)));
  const widths = cells[0]!.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? "").length)));
  const numeric = cells[0]!.map((_, j) => rows.slice(1).every((r) => typeof r[j] === "number"));
  return cells
    .map(
      (r) =>
        indent +
        r
          .map((c, j) => (numeric[j] && j > 0 ? c.padStart(widths[j]!) : c.padEnd(widths[j]!)))
          .join("  ")
          .trimEnd(),
    )
    .join("\n");
}

/** Integers as they are, other numbers with 4 decimals. */
export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

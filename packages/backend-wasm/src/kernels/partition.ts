/** A band of one product C = A·B: rows `[m0, m0 + rows)` × columns `[n0, n0 + cols)`. */
export interface Band {
  readonly m0: number;
  readonly rows: number;
  readonly n0: number;
  readonly cols: number;
}

/**
 * Splits an M×N product into at most `parts` bands of whole micro-tiles (rows in multiples of
 * `mr`, columns in multiples of `nr`), cutting the dimension with more tiles so each band keeps
 * the other whole: a band of rows repacks all of B, a band of columns all of A, and the side cut
 * is the one whose repacking weighs least next to the band's arithmetic. Fewer bands than
 * `parts` come back when there are fewer tiles than parts; bands differ by at most one tile.
 */
export function partitionProduct(M: number, N: number, parts: number, mr: number, nr: number): Band[] {
  const byRows = Math.ceil(M / mr) >= Math.ceil(N / nr);
  const extent = byRows ? M : N;
  const unit = byRows ? mr : nr;
  const tiles = Math.ceil(extent / unit);
  const count = Math.max(1, Math.min(parts, tiles));
  const bands: Band[] = [];
  let start = 0;
  for (let p = 0; p < count; p++) {
    const share = Math.floor(tiles / count) + (p < tiles % count ? 1 : 0);
    const end = Math.min(extent, start + share * unit);
    bands.push(
      byRows
        ? { m0: start, rows: end - start, n0: 0, cols: N }
        : { m0: 0, rows: M, n0: start, cols: end - start },
    );
    start = end;
  }
  return bands;
}

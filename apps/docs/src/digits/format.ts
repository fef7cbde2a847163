/**
 * The digits the site ships, in a compact binary the build writes (scripts/make-assets.ts) and
 * the page reads: a little-endian uint32 count `n`, then `n·784` grey levels as bytes (0–255,
 * row-major 28×28), then `n` label bytes. 785 bytes a digit instead of about 4 KB of JSON.
 */
export interface DigitSet {
  /** `n·784` values in [0, 1]. */
  readonly pixels: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

export const PIXELS = 28 * 28;

/** Thrown when a digits file is truncated or inconsistent. */
export class DigitFileError extends Error {
  override name = "DigitFileError";
}

/** Packs digits (pixels in [0, 1]) into the binary format. */
export function encodeDigits(pixels: Float32Array, labels: Int32Array): Uint8Array {
  const n = labels.length;
  if (pixels.length !== n * PIXELS)
    throw new DigitFileError(
      `encodeDigits: ${pixels.length} pixels for ${n} labels (expected ${n * PIXELS})`,
    );
  const out = new Uint8Array(4 + n * (PIXELS + 1));
  new DataView(out.buffer).setUint32(0, n, true);
  for (let i = 0; i < pixels.length; i++) out[4 + i] = Math.round(Math.min(1, Math.max(0, pixels[i]!)) * 255);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (!(label >= 0 && label <= 9))
      throw new DigitFileError(`encodeDigits: label ${i} is ${label}, not a digit`);
    out[4 + n * PIXELS + i] = label;
  }
  return out;
}

/** Reads the binary format back; `source` names the file in errors. */
export function decodeDigits(bytes: Uint8Array, source: string): DigitSet {
  if (bytes.length < 4) throw new DigitFileError(`${source}: ${bytes.length} bytes, too short for the count`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const expected = 4 + n * (PIXELS + 1);
  if (bytes.length !== expected)
    throw new DigitFileError(
      `${source}: ${bytes.length} bytes, but a count of ${n} digits needs ${expected}`,
    );
  const pixels = new Float32Array(n * PIXELS);
  for (let i = 0; i < pixels.length; i++) pixels[i] = bytes[4 + i]! / 255;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = bytes[4 + n * PIXELS + i]!;
    if (label > 9)
      throw new DigitFileError(`${source}: byte ${4 + n * PIXELS + i} holds label ${label}, not a digit`);
    labels[i] = label;
  }
  return { pixels, labels, count: n };
}

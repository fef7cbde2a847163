import { formatShape, MAX_ELEMENTS, sizeOf } from "../core/shape.js";
import { SafetensorsError } from "./errors.js";

/**
 * Reading and validating a safetensors header before any tensor data is touched. Every check
 * that bounds an allocation (the header length, each tensor's size and byte range) runs before
 * the allocation, so a hostile file costs a few comparisons, not gigabytes.
 */

/** The reference implementation's cap (safetensors' `MAX_HEADER_SIZE`): a header is metadata, never data. */
export const MAX_HEADER_BYTES = 100_000_000;

/** safetensors dtype codes tensorkit reads, with their byte width. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** One validated tensor entry: its byte range is inside the data and matches its dtype and shape. */
export interface HeaderEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  /** Absolute byte offsets in the file, `end` exclusive. */
  readonly begin: number;
  readonly end: number;
}

/** What {@link readHeader} returns. */
export interface Header {
  readonly entries: HeaderEntry[];
  readonly metadata: Record<string, string>;
  /** Where the data section starts (8 + header length). */
  readonly dataStart: number;
}

/**
 * Validates the header of safetensors `bytes` as the reference reader does (entries tile the data
 * section exactly: no overlap, no gap, nothing outside it) and returns the entries in file order.
 * Throws a {@link SafetensorsError} naming `source`, the byte offset and what was expected.
 */
export function readHeader(bytes: Uint8Array, source: string): Header {
  const fail = (offset: number, what: string): never => {
    throw new SafetensorsError(source, offset, what);
  };
  if (bytes.length < 8)
    fail(0, `truncated: expected an 8-byte little-endian header length, the file has ${bytes.length} bytes`);
  // Compared as a bigint: a declared length near 2^64 must not round to something plausible.
  const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES))
    fail(0, `the header length ${declared} is larger than the ${MAX_HEADER_BYTES}-byte limit of the format`);
  const headerLength = Number(declared);
  if (headerLength > bytes.length - 8)
    fail(
      0,
      `the header length ${headerLength} exceeds the ${bytes.length - 8} bytes that follow (truncated?)`,
    );
  const dataStart = 8 + headerLength;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, dataStart));
  } catch {
    return fail(8, "the header is not valid UTF-8");
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    return fail(8, `the header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header))
    fail(
      8,
      `the header is ${Array.isArray(header) ? "an array" : header === null ? "null" : `a ${typeof header}`}, expected a JSON object`,
    );

  // Where an entry's name first appears in the header, for error messages (best effort).
  const at = (name: string): number => {
    const i = text.indexOf(JSON.stringify(name));
    return i < 0 ? 8 : 8 + new TextEncoder().encode(text.slice(0, i)).length;
  };
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof entry !== "object" || entry === null || Array.isArray(entry))
        fail(at(name), "__metadata__ must be an object of strings");
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof v !== "string") fail(at(name), `__metadata__.${k} must be a string, got ${typeof v}`);
        setOwn(metadata, k, v as string);
      }
      continue;
    }
    const {
      dtype,
      shape,
      data_offsets: offsets,
    } = (typeof entry === "object" && entry !== null ? entry : {}) as {
      dtype?: unknown;
      shape?: unknown;
      data_offsets?: unknown;
    };
    const width = typeof dtype === "string" && Object.hasOwn(DTYPE_BYTES, dtype) ? DTYPE_BYTES[dtype]! : 0;
    if (width === 0)
      fail(
        at(name),
        `tensor '${name}' has dtype ${String(dtype)}; readable dtypes are ${Object.keys(DTYPE_BYTES).join(", ")}`,
      );
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      fail(at(name), `tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    const dims = shape as number[];
    const count = sizeOf(dims);
    if (count > MAX_ELEMENTS)
      fail(
        at(name),
        `tensor '${name}' of shape ${formatShape(dims)} has ${count} elements, more than tensorkit's limit of ${MAX_ELEMENTS}`,
      );
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
    )
      fail(
        at(name),
        `tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)} (expected [begin, end], integers ≥ 0)`,
      );
    const [begin, end] = offsets as [number, number];
    if (end < begin || end > dataLength)
      fail(
        dataStart + Math.min(begin, dataLength),
        `tensor '${name}' spans bytes ${begin}–${end} of the data, which has ${dataLength} bytes (out of range)`,
      );
    const expected = count * width;
    if (end - begin !== expected)
      fail(
        dataStart + begin,
        `tensor '${name}' (${dtype} ${formatShape(dims)}) needs ${expected} bytes, its data_offsets give ${end - begin}`,
      );
    entries.push({
      name,
      dtype: dtype as string,
      shape: dims,
      begin: dataStart + begin,
      end: dataStart + end,
    });
  }
  checkTiling(entries, bytes.length, dataStart, fail);
  return { entries, metadata, dataStart };
}

/** Entries must cover the data section exactly once, as the reference reader requires. */
function checkTiling(
  entries: readonly HeaderEntry[],
  fileEnd: number,
  dataStart: number,
  fail: (offset: number, what: string) => never,
): void {
  // Empty tensors take no bytes and may sit anywhere; they overlap nothing.
  const sorted = entries.filter((e) => e.end > e.begin).sort((a, b) => a.begin - b.begin);
  let cursor = dataStart;
  let previous: HeaderEntry | undefined;
  for (const e of sorted) {
    if (e.begin < cursor)
      fail(
        e.begin,
        `tensor '${e.name}' (data bytes ${e.begin - dataStart}–${e.end - dataStart}) overlaps tensor '${previous!.name}' (data bytes ${previous!.begin - dataStart}–${previous!.end - dataStart})`,
      );
    if (e.begin > cursor)
      fail(
        cursor,
        `${e.begin - cursor} bytes before tensor '${e.name}' belong to no tensor (a gap in the data)`,
      );
    cursor = e.end;
    previous = e;
  }
  if (cursor !== fileEnd)
    fail(
      cursor,
      `${fileEnd - cursor} bytes after the last tensor belong to no tensor (expected the file to end at byte ${cursor})`,
    );
}

/**
 * `obj[key] = value`, except that a key named `__proto__` (legal JSON, and a classic attack on
 * plain objects) becomes an ordinary own property instead of replacing the prototype.
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

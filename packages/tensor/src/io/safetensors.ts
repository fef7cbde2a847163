import type { DType, TypedArray } from "../core/dtype.js";
import { ValueError } from "../core/errors.js";
import { tensor } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";
import { SafetensorsError } from "./errors.js";
import { DTYPE_BYTES, readHeader, setOwn } from "./header.js";

/**
 * The safetensors format (Hugging Face's, as PyTorch writes it with `safetensors.torch.save_file`):
 * an 8-byte little-endian header length, a JSON header mapping each tensor name to
 * `{ dtype, shape, data_offsets: [begin, end] }` (offsets into the data that follows) plus an
 * optional `__metadata__` of string pairs, then the raw little-endian data.
 */

/** What {@link parseSafetensors} returns. */
export interface SafetensorsContent {
  readonly tensors: Record<string, Tensor>;
  readonly metadata: Record<string, string>;
}

/** The dtype each safetensors dtype code loads as. */
const LOADS_AS: Record<string, DType> = {
  F64: "float64",
  F32: "float32",
  F16: "float32",
  BF16: "float32",
  I64: "int32",
  I32: "int32",
  I16: "int32",
  I8: "int32",
  U8: "int32",
  BOOL: "bool",
};

const WRITTEN: Record<DType, string> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };

/**
 * Reads a safetensors file's bytes into tensors on the active backend. float16/bfloat16 load as
 * float32, int64/int16/int8/uint8 as int32 (an int64 outside the int32 range is an error).
 * `source` names the file in error messages.
 *
 * The whole header is validated before any tensor is created (see `io/header.ts`): a truncated
 * or hostile file (a header length past the end of the file or near 2^64, a header that is not a
 * JSON object, an unknown dtype, a shape that disagrees with its byte range, overlapping or
 * out-of-range offsets) throws a {@link SafetensorsError} (a `FormatError`) naming the source, the
 * byte offset and what was expected, without allocating more than the header's own size.
 *
 * @example
 * ```ts
 * const { tensors, metadata } = parseSafetensors(await readFile("model.safetensors"), { source: "model.safetensors" });
 * model.loadStateDict(tensors);
 * ```
 */
export function parseSafetensors(bytes: Uint8Array, options: { source?: string } = {}): SafetensorsContent {
  const source = options.source ?? "<bytes>";
  const { entries, metadata } = readHeader(bytes, source);
  const tensors: Record<string, Tensor> = {};
  try {
    for (const { name, dtype, shape, begin, end } of entries) {
      const values = decode(bytes.subarray(begin, end), dtype, (i, v) => {
        throw new SafetensorsError(
          source,
          begin + i * 8,
          `tensor '${name}' element ${i} is ${v}, outside the int32 range`,
        );
      });
      setOwn(tensors, name, tensor(values, { shape, dtype: LOADS_AS[dtype]! }));
    }
  } catch (e) {
    for (const t of Object.values(tensors)) t.dispose();
    throw e;
  }
  return { tensors, metadata };
}

/**
 * Writes tensors (and string metadata) as safetensors bytes that PyTorch's `safetensors.torch.load_file` reads.
 *
 * @example
 * ```ts
 * const bytes = serializeSafetensors(model.stateDict(), { format: "pt" });
 * ```
 */
export function serializeSafetensors(
  tensors: Readonly<Record<string, Tensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    if (name === "__metadata__")
      throw new ValueError(
        "serializeSafetensors: '__metadata__' is reserved by the format and cannot name a tensor",
      );
    const data = t.dataSync();
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    setOwn(header, name, {
      dtype: WRITTEN[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, offset + raw.length],
    });
    chunks.push(raw);
    offset += raw.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces to a multiple of 8 so the data is aligned, as the reference writer does.
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length)
    json = new TextEncoder().encode(JSON.stringify(header) + " ".repeat(padded - json.length));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function decode(
  raw: Uint8Array,
  dtype: string,
  outOfRange: (index: number, value: bigint) => never,
): TypedArray {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = raw.length / DTYPE_BYTES[dtype]!;
  switch (dtype) {
    case "F32": {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
      return out;
    }
    case "F64": {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
      return out;
    }
    case "F16": {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      return out;
    }
    case "BF16": {
      // bfloat16 is the top half of a float32.
      const out = new Float32Array(n);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) bits[i] = view.getUint16(i * 2, true) << 16;
      return out;
    }
    case "I64": {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const v = view.getBigInt64(i * 8, true);
        if (v > 2147483647n || v < -2147483648n) outOfRange(i, v);
        out[i] = Number(v);
      }
      return out;
    }
    case "I32": {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true);
      return out;
    }
    case "I16": {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true);
      return out;
    }
    case "I8":
      return Int32Array.from(new Int8Array(raw.buffer, raw.byteOffset, n));
    case "U8":
      return Int32Array.from(raw);
    default: // BOOL
      return Uint8Array.from(raw, (b) => (b !== 0 ? 1 : 0));
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

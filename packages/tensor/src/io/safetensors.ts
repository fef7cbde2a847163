import type { DType, TypedArray } from "../core/dtype.js";
import { TensorkitError } from "../core/errors.js";
import { formatShape, MAX_ELEMENTS, sizeOf } from "../core/shape.js";
import { tensor } from "../ops/creation.js";
import type { Tensor } from "../tensor.js";

/**
 * The safetensors format (Hugging Face's, as PyTorch writes it with `safetensors.torch.save_file`):
 * an 8-byte little-endian header length, a JSON header mapping each tensor name to
 * `{ dtype, shape, data_offsets: [begin, end] }` (offsets into the data that follows) plus an
 * optional `__metadata__` of string pairs, then the raw little-endian data.
 */

/** A malformed safetensors file: the message names the source, the byte offset and what was expected. */
export class SafetensorsError extends TensorkitError {
  override name = "SafetensorsError";
}

/** What {@link parseSafetensors} returns. */
export interface SafetensorsContent {
  readonly tensors: Record<string, Tensor>;
  readonly metadata: Record<string, string>;
}

/** safetensors dtype codes tensorkit reads, with their byte width and the dtype they load as. */
const READABLE: Record<string, { bytes: number; as: DType }> = {
  F64: { bytes: 8, as: "float64" },
  F32: { bytes: 4, as: "float32" },
  F16: { bytes: 2, as: "float32" },
  BF16: { bytes: 2, as: "float32" },
  I64: { bytes: 8, as: "int32" },
  I32: { bytes: 4, as: "int32" },
  I16: { bytes: 2, as: "int32" },
  I8: { bytes: 1, as: "int32" },
  U8: { bytes: 1, as: "int32" },
  BOOL: { bytes: 1, as: "bool" },
};

const WRITTEN: Record<DType, string> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };

/**
 * Reads a safetensors file's bytes into tensors on the active backend. float16/bfloat16 load as
 * float32, int64/int16/int8/uint8 as int32 (an int64 outside the int32 range is an error).
 * `source` names the file in error messages.
 *
 * @example
 * ```ts
 * const { tensors, metadata } = parseSafetensors(await readFile("model.safetensors"), { source: "model.safetensors" });
 * model.loadStateDict(tensors);
 * ```
 */
export function parseSafetensors(bytes: Uint8Array, options: { source?: string } = {}): SafetensorsContent {
  const source = options.source ?? "<bytes>";
  const fail = (offset: number, what: string): never => {
    throw new SafetensorsError(`${source}: byte ${offset}: ${what}`);
  };
  if (bytes.length < 8) fail(0, `expected an 8-byte header length, the file has ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8)
    fail(0, `the header length ${headerLength} exceeds the ${bytes.length - 8} bytes that follow`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    return fail(8, `the header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header))
    fail(8, "the header is not a JSON object");
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const tensors: Record<string, Tensor> = {};
  try {
    for (const [name, entry] of Object.entries(header)) {
      if (name === "__metadata__") {
        for (const [k, v] of Object.entries((entry ?? {}) as Record<string, unknown>)) {
          if (typeof v !== "string") fail(8, `__metadata__.${k} must be a string, got ${typeof v}`);
          metadata[k] = v as string;
        }
        continue;
      }
      const {
        dtype,
        shape,
        data_offsets: offsets,
      } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
      const spec = typeof dtype === "string" ? READABLE[dtype] : undefined;
      if (!spec)
        fail(
          8,
          `tensor '${name}' has dtype ${String(dtype)}; readable dtypes are ${Object.keys(READABLE).join(", ")}`,
        );
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
        fail(8, `tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
      const dims = shape as number[];
      if (sizeOf(dims) > MAX_ELEMENTS)
        fail(8, `tensor '${name}' of shape ${formatShape(dims)} is larger than tensorkit's limit`);
      if (
        !Array.isArray(offsets) ||
        offsets.length !== 2 ||
        !offsets.every((o) => Number.isInteger(o) && o >= 0)
      ) {
        fail(8, `tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
      }
      const [begin, end] = offsets as [number, number];
      const expected = sizeOf(dims) * spec!.bytes;
      if (end < begin || end > dataLength) {
        fail(
          dataStart + begin,
          `tensor '${name}' spans bytes ${begin}–${end} of the data, which has ${dataLength} bytes`,
        );
      }
      if (end - begin !== expected) {
        fail(
          dataStart + begin,
          `tensor '${name}' (${dtype} ${formatShape(dims)}) needs ${expected} bytes, its data_offsets give ${end - begin}`,
        );
      }
      const values = decode(bytes.subarray(dataStart + begin, dataStart + end), dtype as string, (i, v) =>
        fail(dataStart + begin + i * 8, `tensor '${name}' element ${i} is ${v}, outside the int32 range`),
      );
      tensors[name] = tensor(values, { shape: dims, dtype: spec!.as });
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
    const data = t.dataSync();
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    header[name] = {
      dtype: WRITTEN[t.dtype],
      shape: [...t.shape],
      data_offsets: [offset, offset + raw.length],
    };
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
  const n = raw.length / READABLE[dtype]!.bytes;
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

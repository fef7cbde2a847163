import type { Backend } from "../backend/contract.js";
import { allocHostArray, bytesPerElement, type DType } from "./dtype.js";
import { StorageRecord } from "./memory.js";

/**
 * Scalar constants (the `2` of `mul(x, 2)`) shared per backend, so that an op with a JS number
 * does not upload and free a one-element storage each time: in a small model's training step
 * that was a tenth of all kernel calls. The cache holds one reference to each storage, so they
 * are never freed; they are not counted by `memory()` (a few bytes per constant, at most
 * {@link MAX_CONSTANTS} per backend; past that, constants are uploaded as before).
 */
const MAX_CONSTANTS = 512;
const caches = new WeakMap<Backend, Map<string, StorageRecord>>();

/** A shared storage holding `value` as `dtype` on `backend`, or undefined when the cache is full. */
export function constantStorage(backend: Backend, value: number, dtype: DType): StorageRecord | undefined {
  let cache = caches.get(backend);
  if (!cache) caches.set(backend, (cache = new Map()));
  // Object.is keeps -0 apart from 0 and NaN equal to itself.
  const key = `${dtype}:${Object.is(value, -0) ? "-0" : String(value)}`;
  let record = cache.get(key);
  if (record) return record;
  if (cache.size >= MAX_CONSTANTS) return undefined;
  const host = allocHostArray(dtype, 1);
  host[0] = dtype === "bool" ? (value !== 0 ? 1 : 0) : value;
  record = new StorageRecord(backend, backend.kernels.write(host, dtype), bytesPerElement(dtype));
  record.refs = 1; // the cache's own reference: never released
  cache.set(key, record);
  return record;
}

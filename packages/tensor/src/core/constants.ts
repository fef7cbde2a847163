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

/** Per backend, per dtype: storages by value (-0 under its own key, since a Map treats it as 0). */
type Cache = Map<DType, Map<number | "-0", StorageRecord>>;
const caches = new WeakMap<Backend, Cache>();
/** Constants cached per backend, over all dtypes. */
const counts = new WeakMap<Backend, number>();

/** A shared storage holding `value` as `dtype` on `backend`, or undefined when the cache is full. */
export function constantStorage(backend: Backend, value: number, dtype: DType): StorageRecord | undefined {
  let cache = caches.get(backend);
  if (!cache) caches.set(backend, (cache = new Map()));
  let byValue = cache.get(dtype);
  if (!byValue) cache.set(dtype, (byValue = new Map()));
  // A Map key compares by SameValueZero: NaN finds NaN, but -0 would find 0.
  const key = value === 0 && 1 / value < 0 ? "-0" : value;
  let record = byValue.get(key);
  if (record) return record;
  const count = counts.get(backend) ?? 0;
  if (count >= MAX_CONSTANTS) return undefined;
  const host = allocHostArray(dtype, 1);
  host[0] = dtype === "bool" ? (value !== 0 ? 1 : 0) : value;
  record = new StorageRecord(backend, backend.kernels.write(host, dtype), bytesPerElement(dtype));
  record.refs = 1; // the cache's own reference: never released
  byValue.set(key, record);
  counts.set(backend, count + 1);
  return record;
}

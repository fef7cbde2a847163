import type { Backend } from "../backend/contract.js";
import { backendName } from "../backend/registry.js";
import { BackendError } from "./errors.js";

/**
 * Storage ownership. Several tensors (views: reshape, transpose, slice, …) may share one
 * backend storage; the storage is freed when the last of them is disposed, or, for tensors a
 * user forgot, when the garbage collector finalises them.
 */
export class StorageRecord {
  refs = 0;
  freed = false;
  /** The backend's counters, looked up once here rather than on every retain and release. */
  readonly counters: Counters;
  constructor(
    readonly backend: Backend,
    readonly handle: unknown,
    readonly bytes: number,
  ) {
    this.counters = countersOf(backend);
  }
}

interface Counters {
  tensors: number;
  storages: number;
  bytes: number;
}

const perBackend = new Map<Backend, Counters>();
let liveTensors = 0;

function countersOf(backend: Backend): Counters {
  let c = perBackend.get(backend);
  if (!c) perBackend.set(backend, (c = { tensors: 0, storages: 0, bytes: 0 }));
  return c;
}

/** Records a new storage and returns its record, with no owner yet. */
export function trackStorage(backend: Backend, handle: unknown, bytes: number): StorageRecord {
  const record = new StorageRecord(backend, handle, bytes);
  record.counters.storages++;
  record.counters.bytes += bytes;
  return record;
}

/** A tensor now refers to this storage. */
export function retain(record: StorageRecord): void {
  record.refs++;
  liveTensors++;
  record.counters.tensors++;
}

/** A tensor no longer refers to this storage; frees it when no tensor does. */
export function release(record: StorageRecord): void {
  if (record.freed) return;
  record.refs--;
  liveTensors--;
  const c = record.counters;
  c.tensors--;
  if (record.refs > 0) return;
  record.freed = true;
  c.storages--;
  c.bytes -= record.bytes;
  try {
    record.backend.kernels.free(record.handle);
  } catch (e) {
    throw new BackendError(
      `backend '${backendName(record.backend)}' failed to free a storage: ${(e as Error).message}`,
    );
  }
}

/**
 * What the safety net holds for one tensor: the storage it refers to. A box rather than the
 * record itself, so that `assign` (which changes a tensor's storage every optimiser step) updates
 * one field instead of unregistering and registering the tensor again.
 */
export interface FinalizerHold {
  record: StorageRecord;
}

/**
 * The safety net: a tensor that becomes unreachable without `dispose()` releases its storage
 * reference when the garbage collector gets to it. Deterministic freeing (`dispose`, `tidy`,
 * `using`) is still the way to keep device memory flat; this only prevents permanent leaks.
 */
export const finalizer = new FinalizationRegistry<FinalizerHold>((hold) => {
  release(hold.record);
});

/** Live tensor and storage counts, overall and per backend. */
export interface MemoryInfo {
  /** Tensors created and not yet disposed (or finalised). */
  readonly numTensors: number;
  /** Backend storages alive (several views may share one). */
  readonly numStorages: number;
  /** Bytes held in backend storages, over all backends. */
  readonly numBytes: number;
  /** The same figures per backend name. */
  readonly backends: Readonly<Record<string, { numTensors: number; numStorages: number; numBytes: number }>>;
}

/**
 * How much memory tensors hold right now.
 *
 * @example
 * ```ts
 * const before = memory().numTensors;
 * tidy(() => add(ones([3]), 1));
 * memory().numTensors === before; // true
 * ```
 */
export function memory(): MemoryInfo {
  let numStorages = 0;
  let numBytes = 0;
  const backends: Record<string, { numTensors: number; numStorages: number; numBytes: number }> = {};
  for (const [backend, c] of perBackend) {
    numStorages += c.storages;
    numBytes += c.bytes;
    const name = backendName(backend);
    const prev = backends[name] ?? { numTensors: 0, numStorages: 0, numBytes: 0 };
    backends[name] = {
      numTensors: prev.numTensors + c.tensors,
      numStorages: prev.numStorages + c.storages,
      numBytes: prev.numBytes + c.bytes,
    };
  }
  return { numTensors: liveTensors, numStorages, numBytes, backends };
}

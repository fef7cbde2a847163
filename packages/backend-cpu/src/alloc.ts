// The CPU backend's storage handle is the typed array itself, so allocating storage is
// allocating a host array, and a storage's dtype is its array type (bools are bytes of 0 or 1).
export { allocHostArray as alloc, dtypeOfArray as dtypeOf } from "@tensorkit/tensor";

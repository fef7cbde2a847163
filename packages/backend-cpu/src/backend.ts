import type { Backend, KernelTable, TypedArray } from "@tensorkit/tensor";
import { argmax, argmin } from "./kernels/arg-reduce.js";
import { add, div, maximum, minimum, mul, pow, sub } from "./kernels/binary.js";
import { cast } from "./kernels/cast.js";
import { equal, less } from "./kernels/compare.js";
import { concat } from "./kernels/concat.js";
import { conv2d } from "./kernels/conv2d.js";
import { conv2dBackpropFilter, conv2dBackpropInput } from "./kernels/conv2d-backprop.js";
import { copy } from "./kernels/copy.js";
import { gather } from "./kernels/gather.js";
import { matmul } from "./kernels/matmul.js";
import {
  adadeltaUpdate,
  adagradUpdate,
  adamaxUpdate,
  adamUpdate,
  rmspropUpdate,
  sgdUpdate,
} from "./kernels/optim.js";
import { avgPool2d, maxPool2d } from "./kernels/pool.js";
import { avgPool2dBackward, maxPool2dBackward } from "./kernels/pool-backward.js";
import { max, min, prod, sum } from "./kernels/reduce.js";
import { scatterAdd } from "./kernels/scatter-add.js";
import { logSoftmax, softmax } from "./kernels/softmax.js";
import { fill, free, read, readAsync, write } from "./kernels/storage.js";
import {
  abs,
  ceil,
  cos,
  erf,
  exp,
  expm1,
  floor,
  log,
  log1p,
  neg,
  relu,
  round,
  rsqrt,
  sigmoid,
  sign,
  sin,
  sqrt,
  tanh,
} from "./kernels/unary.js";
import { where } from "./kernels/where.js";

/**
 * Creates the CPU backend: every kernel of the contract, required and optional, in plain
 * TypeScript over typed arrays. Its storage handle is the typed array itself (`Float32Array`,
 * `Int32Array`, `Uint8Array` for bool, `Float64Array`), so reads are synchronous copies and
 * freeing is left to the garbage collector. It holds no state: each call returns a fresh,
 * independent backend, and importing this package registers nothing.
 *
 * @example
 * ```ts
 * import { registerBackend, setBackend, tensor, matmul } from "@tensorkit/tensor";
 * import { createCpuBackend } from "@tensorkit/backend-cpu";
 *
 * registerBackend("cpu", createCpuBackend);
 * await setBackend("cpu");
 * const y = matmul(tensor([[1, 2], [3, 4]]), tensor([[5], [6]]));
 * console.log(y.toArray()); // [[17], [39]]
 * ```
 */
export function createCpuBackend(): Backend<TypedArray> {
  const kernels: Required<KernelTable<TypedArray>> = {
    // storage
    write,
    read,
    readAsync,
    free,
    fill,
    // movement and conversion
    copy,
    cast,
    concat,
    // element-wise unary
    neg,
    abs,
    sign,
    exp,
    log,
    sqrt,
    sin,
    cos,
    floor,
    ceil,
    round,
    tanh,
    sigmoid,
    relu,
    log1p,
    expm1,
    rsqrt,
    erf,
    // element-wise binary, comparisons, selection
    add,
    sub,
    mul,
    div,
    pow,
    maximum,
    minimum,
    equal,
    less,
    where,
    // reductions
    sum,
    prod,
    max,
    min,
    argmax,
    argmin,
    // indexing
    gather,
    scatterAdd,
    // fused
    matmul,
    conv2d,
    maxPool2d,
    avgPool2d,
    softmax,
    logSoftmax,
    // backward (autograd)
    conv2dBackpropInput,
    conv2dBackpropFilter,
    maxPool2dBackward,
    avgPool2dBackward,
    // optimiser updates
    sgdUpdate,
    adamUpdate,
    rmspropUpdate,
    adagradUpdate,
    adadeltaUpdate,
    adamaxUpdate,
  };
  return { name: "cpu", dtypes: ["float32", "int32", "bool", "float64"], kernels };
}

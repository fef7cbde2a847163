import type {
  AdadeltaUpdateOptions,
  AdagradUpdateOptions,
  AdamaxUpdateOptions,
  AdamUpdateOptions,
  OptionalKernelName,
  RmspropUpdateOptions,
  SgdUpdateOptions,
} from "@tensorkit/tensor";
import {
  adadeltaRef,
  adagradRef,
  adamaxRef,
  adamRef,
  type Elementwise,
  rmspropRef,
  sgdRef,
} from "./optimizer-references.js";

/** The six fused optimiser-update kernels of the contract. */
export type OptimizerKernel = Extract<
  OptionalKernelName,
  "sgdUpdate" | "adamUpdate" | "rmspropUpdate" | "adagradUpdate" | "adadeltaUpdate" | "adamaxUpdate"
>;

/**
 * One conformance case: consecutive steps of one optimiser on the same parameter, each with its
 * options (the step number changes) and gradient. The first step starts from `state`; later
 * steps take the previous step's outputs, as `@tensorkit/optim` does.
 */
export interface OptimizerCase {
  readonly title: string;
  readonly kernel: OptimizerKernel;
  /** Initial state buffers (absent ones, like SGD's first momentum buffer, are left out). */
  readonly state: Readonly<Record<string, readonly number[]>>;
  readonly steps: readonly { readonly options: object; readonly ref: Elementwise }[];
}

/** Shape of every case: [2, 3], small enough to check by hand, big enough for every layout. */
export const SHAPE = [2, 3] as const;
/** The parameter before the first step. */
export const PARAM = [0.5, -1.25, 2, 0, -3, 1.5];
/** The gradient of each step; signs flip between steps so that momentum and maxima matter. */
export const GRADS = [
  [0.3, -0.7, 1.1, -2, 0.05, 0.9],
  [-0.4, -0.2, 0.6, 1.5, 0.01, -0.3],
];

const zeros = () => PARAM.map(() => 0);
const filled = (v: number) => PARAM.map(() => v);

const sgd = (o: Partial<SgdUpdateOptions>) => {
  const full = { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...o };
  return { options: full, ref: sgdRef(full) };
};
const adam = (step: number, o: Partial<AdamUpdateOptions> = {}) => {
  const full = {
    lr: 0.01,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    weightDecay: 0,
    decoupledWeightDecay: false,
    amsgrad: false,
    maximize: false,
    step,
    ...o,
  };
  return { options: full, ref: adamRef(full) };
};
const rmsprop = (o: Partial<RmspropUpdateOptions> = {}) => {
  const full = {
    lr: 0.01,
    alpha: 0.99,
    eps: 1e-8,
    weightDecay: 0,
    momentum: 0,
    centered: false,
    maximize: false,
    ...o,
  };
  return { options: full, ref: rmspropRef(full) };
};
const adagrad = (step: number, o: Partial<AdagradUpdateOptions> = {}) => {
  const full = { lr: 0.1, lrDecay: 0, eps: 1e-10, weightDecay: 0, maximize: false, step, ...o };
  return { options: full, ref: adagradRef(full) };
};
const adadelta = (o: Partial<AdadeltaUpdateOptions> = {}) => {
  const full = { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...o };
  return { options: full, ref: adadeltaRef(full) };
};
const adamax = (step: number, o: Partial<AdamaxUpdateOptions> = {}) => {
  const full = { lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, maximize: false, step, ...o };
  return { options: full, ref: adamaxRef(full) };
};

/** Every option of every kernel is exercised by at least one case, most over two steps. */
export const CASES: readonly OptimizerCase[] = [
  { title: "SGD, plain", kernel: "sgdUpdate", state: {}, steps: [sgd({})] },
  {
    title: "SGD, momentum with dampening and L2 weight decay, first step without a buffer",
    kernel: "sgdUpdate",
    state: {},
    steps: [
      sgd({ momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }),
      sgd({ momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }),
    ],
  },
  {
    title: "SGD, Nesterov momentum from a given buffer, maximize",
    kernel: "sgdUpdate",
    state: { momentumBuffer: [0.2, -0.1, 0.05, 1, -0.5, 0] },
    steps: [
      sgd({ lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.05, maximize: true }),
      sgd({ lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.05, maximize: true }),
    ],
  },
  {
    title: "Adam, two steps with bias correction",
    kernel: "adamUpdate",
    state: { expAvg: zeros(), expAvgSq: zeros() },
    steps: [adam(1), adam(2)],
  },
  {
    title: "Adam resumed at step 5 from non-zero moments, L2 weight decay, maximize",
    kernel: "adamUpdate",
    state: { expAvg: [0.1, -0.2, 0.3, -0.4, 0.02, 0.05], expAvgSq: [0.01, 0.04, 0.2, 0.5, 1e-4, 0.03] },
    steps: [adam(5, { weightDecay: 0.1, maximize: true }), adam(6, { weightDecay: 0.1, maximize: true })],
  },
  {
    title: "Adam with AMSGrad keeps the running maximum of the second moment",
    kernel: "adamUpdate",
    state: {
      expAvg: zeros(),
      expAvgSq: zeros(),
      maxExpAvgSq: [0.5, 0, 0.001, 0, 0.2, 0],
    },
    steps: [adam(1, { amsgrad: true, beta2: 0.9 }), adam(2, { amsgrad: true, beta2: 0.9 })],
  },
  {
    title: "AdamW: decoupled weight decay scales the parameter",
    kernel: "adamUpdate",
    state: { expAvg: zeros(), expAvgSq: zeros() },
    steps: [
      adam(1, { lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true }),
      adam(2, { lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true }),
    ],
  },
  {
    title: "AdamW with AMSGrad and maximize",
    kernel: "adamUpdate",
    state: { expAvg: zeros(), expAvgSq: zeros(), maxExpAvgSq: zeros() },
    steps: [
      adam(1, { weightDecay: 0.2, decoupledWeightDecay: true, amsgrad: true, maximize: true }),
      adam(2, { weightDecay: 0.2, decoupledWeightDecay: true, amsgrad: true, maximize: true }),
    ],
  },
  {
    title: "RMSprop, uncentered",
    kernel: "rmspropUpdate",
    state: { squareAvg: zeros() },
    steps: [rmsprop(), rmsprop()],
  },
  {
    title: "RMSprop, centered",
    kernel: "rmspropUpdate",
    state: { squareAvg: zeros(), gradAvg: zeros() },
    steps: [rmsprop({ centered: true, alpha: 0.9 }), rmsprop({ centered: true, alpha: 0.9 })],
  },
  {
    title: "RMSprop, centered with momentum, L2 weight decay and maximize",
    kernel: "rmspropUpdate",
    state: { squareAvg: filled(0.1), gradAvg: zeros(), momentumBuffer: zeros() },
    steps: [
      rmsprop({ centered: true, momentum: 0.9, weightDecay: 0.1, maximize: true }),
      rmsprop({ centered: true, momentum: 0.9, weightDecay: 0.1, maximize: true }),
    ],
  },
  {
    title: "RMSprop, uncentered with momentum",
    kernel: "rmspropUpdate",
    state: { squareAvg: zeros(), momentumBuffer: zeros() },
    steps: [rmsprop({ momentum: 0.5 }), rmsprop({ momentum: 0.5 })],
  },
  {
    title: "Adagrad from an initial accumulator, with learning-rate decay",
    kernel: "adagradUpdate",
    state: { sum: filled(0.1) },
    steps: [adagrad(1, { lrDecay: 0.1 }), adagrad(2, { lrDecay: 0.1 })],
  },
  {
    title: "Adagrad with L2 weight decay and maximize",
    kernel: "adagradUpdate",
    state: { sum: zeros() },
    steps: [
      adagrad(1, { weightDecay: 0.1, maximize: true }),
      adagrad(2, { weightDecay: 0.1, maximize: true }),
    ],
  },
  {
    title: "Adadelta, two steps",
    kernel: "adadeltaUpdate",
    state: { squareAvg: zeros(), accDelta: zeros() },
    steps: [adadelta(), adadelta()],
  },
  {
    title: "Adadelta with a learning rate, L2 weight decay and maximize",
    kernel: "adadeltaUpdate",
    state: { squareAvg: filled(0.05), accDelta: filled(0.01) },
    steps: [
      adadelta({ lr: 0.5, rho: 0.95, eps: 1e-4, weightDecay: 0.1, maximize: true }),
      adadelta({ lr: 0.5, rho: 0.95, eps: 1e-4, weightDecay: 0.1, maximize: true }),
    ],
  },
  {
    title: "Adamax, two steps with bias correction",
    kernel: "adamaxUpdate",
    state: { expAvg: zeros(), expInf: zeros() },
    steps: [adamax(1), adamax(2)],
  },
  {
    title: "Adamax resumed with a decaying infinity norm, L2 weight decay and maximize",
    kernel: "adamaxUpdate",
    state: { expAvg: [0.1, -0.1, 0.2, 0.3, -0.05, 0], expInf: [2, 0.01, 0.5, 3, 0.02, 1] },
    steps: [
      adamax(3, { beta2: 0.5, weightDecay: 0.1, maximize: true }),
      adamax(4, { beta2: 0.5, weightDecay: 0.1, maximize: true }),
    ],
  },
];

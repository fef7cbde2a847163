import {
  elu,
  gelu,
  leakyRelu,
  logSoftmax,
  relu,
  sigmoid,
  softmax,
  softplus,
  type Tensor,
  tanh,
  ValueError,
} from "@tensorkit/tensor";
import type { ModuleConfig } from "../config-registry.js";
import { Module } from "../module.js";

/** max(x, 0). @example `new ReLU().call(x)` */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }

  protected override getConfig(): ModuleConfig {
    return { type: "ReLU", config: {} };
  }
}

/** x where positive, slope·x elsewhere. @example `new LeakyReLU(0.2)` */
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return leakyRelu(x, { negativeSlope: this.negativeSlope });
  }
  protected override getConfig(): ModuleConfig {
    return { type: "LeakyReLU", config: { negativeSlope: this.negativeSlope } };
  }
  protected override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** x where positive, α(eˣ−1) elsewhere. @example `new ELU()` */
export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return elu(x, { alpha: this.alpha });
  }
  protected override getConfig(): ModuleConfig {
    return { type: "ELU", config: { alpha: this.alpha } };
  }
  protected override extraRepr(): string {
    return `alpha=${this.alpha}`;
  }
}

/** Gaussian error linear unit (exact, or the tanh approximation). @example `new GELU("tanh")` */
export class GELU extends Module {
  constructor(readonly approximate: "none" | "tanh" = "none") {
    super();
  }
  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
  protected override getConfig(): ModuleConfig {
    return { type: "GELU", config: { approximate: this.approximate } };
  }
  protected override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** 1/(1+e⁻ˣ). @example `new Sigmoid()` */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }

  protected override getConfig(): ModuleConfig {
    return { type: "Sigmoid", config: {} };
  }
}

/** Hyperbolic tangent. @example `new Tanh()` */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }

  protected override getConfig(): ModuleConfig {
    return { type: "Tanh", config: {} };
  }
}

/** Softmax along `axis` (default the last). @example `new Softmax(-1)` */
export class Softmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
  protected override getConfig(): ModuleConfig {
    return { type: "Softmax", config: { axis: this.axis } };
  }
  protected override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

/** Log-softmax along `axis` (default the last). @example `new LogSoftmax(-1)` */
export class LogSoftmax extends Module {
  constructor(readonly axis = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.axis);
  }
  protected override getConfig(): ModuleConfig {
    return { type: "LogSoftmax", config: { axis: this.axis } };
  }
  protected override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}

/** log(1+e^(βx))/β. @example `new Softplus()` */
export class Softplus extends Module {
  constructor(
    readonly beta = 1,
    readonly threshold = 20,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return softplus(x, { beta: this.beta, threshold: this.threshold });
  }
  protected override getConfig(): ModuleConfig {
    return { type: "Softplus", config: { beta: this.beta, threshold: this.threshold } };
  }
  protected override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/** Keras' activation names, as the builders accept them. */
export type ActivationName =
  | "relu"
  | "sigmoid"
  | "tanh"
  | "softmax"
  | "logSoftmax"
  | "leakyRelu"
  | "elu"
  | "gelu"
  | "softplus"
  | "linear";

/** The activation module for a Keras name (null for 'linear'). */
export function activationModule(name: ActivationName): Module | null {
  switch (name) {
    case "relu":
      return new ReLU();
    case "sigmoid":
      return new Sigmoid();
    case "tanh":
      return new Tanh();
    case "softmax":
      return new Softmax(-1);
    case "logSoftmax":
      return new LogSoftmax(-1);
    case "leakyRelu":
      return new LeakyReLU();
    case "elu":
      return new ELU();
    case "gelu":
      return new GELU();
    case "softplus":
      return new Softplus();
    case "linear":
      return null;
    default:
      throw new ValueError(`activation: unknown activation '${String(name)}'`);
  }
}

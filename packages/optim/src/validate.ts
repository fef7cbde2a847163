import { ValueError } from "@tensorkit/tensor";

// Option checks shared by the optimisers, with PyTorch's rules and messages that name the option.

/** `value` must be a finite number ≥ 0 (lr, eps, weightDecay, momentum, …). */
export function nonNegative(cls: string, name: string, value: unknown, what = name): void {
  if (typeof value !== "number" || !(value >= 0) || value === Number.POSITIVE_INFINITY)
    throw new ValueError(
      `${cls}: invalid ${what} ${name} = ${String(value)}; it must be a finite number ≥ 0`,
    );
}

/** `value` must lie in [0, 1) (a decay rate such as a beta, alpha or rho). */
export function unitInterval(cls: string, name: string, value: unknown, closed = false): void {
  if (typeof value !== "number" || !(value >= 0) || (closed ? value > 1 : value >= 1))
    throw new ValueError(
      `${cls}: invalid ${name} = ${String(value)}; it must be in [0, ${closed ? "1]" : "1)"}`,
    );
}

/** `betas` must be a pair of numbers in [0, 1). */
export function betas(cls: string, value: unknown): void {
  if (!Array.isArray(value) || value.length !== 2)
    throw new ValueError(`${cls}: invalid betas = ${JSON.stringify(value)}; expected a pair [beta1, beta2]`);
  unitInterval(cls, "betas[0]", value[0]);
  unitInterval(cls, "betas[1]", value[1]);
}

/** `value` must be a boolean. */
export function flag(cls: string, name: string, value: unknown): void {
  if (typeof value !== "boolean")
    throw new ValueError(`${cls}: invalid ${name} = ${String(value)}; expected true or false`);
}

/** The checks every optimiser shares: lr and weightDecay ≥ 0, maximize a boolean. */
export function base(cls: string, o: { lr: unknown; weightDecay: unknown; maximize: unknown }): void {
  nonNegative(cls, "lr", o.lr, "learning rate");
  nonNegative(cls, "weightDecay", o.weightDecay, "weight decay");
  flag(cls, "maximize", o.maximize);
}

// @tensorkit/autograd: reverse-mode differentiation. Re-exports only.
export { backward, requiresGrad, zeroGrad } from "./api.js";
export type { GradientsOptions } from "./engine.js";
export { type GradOptions, type GradsOf, grad, gradients, valueAndGrad, vjp } from "./functional.js";
export { type GradCheckOptions, type GradCheckReport, gradCheck } from "./grad-check.js";
export { enableGrad, isGradEnabled, noGrad } from "./mode.js";
export type { GradRule, RuleContext, RuleEntry, RuleTable } from "./rules/types.js";

import { requiresGrad } from "@tensorkit/autograd";
import { keep, Tensor } from "@tensorkit/tensor";

/**
 * A tensor that is a module's learnable state: a leaf that requires gradients (unless frozen),
 * shares its storage with the tensor it was made from, and lives until its module is disposed
 * (it is never freed by an enclosing `tidy`). Optimisers update it in place with `assign`.
 *
 * @example
 * ```ts
 * const w = tidy(() => new Parameter(mul(randn([4, 2]), 0.1))); // the temporary is freed
 * w.requiresGrad; // true
 * ```
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, options: { requiresGrad?: boolean } = {}) {
    data.view("Parameter");
    super(data.record, data.shape, data.dtype, data.strides, data.offset);
    keep(this);
    requiresGrad(this, options.requiresGrad ?? true);
  }
}

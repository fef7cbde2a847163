import { TensorkitError } from "@tensorkit/tensor";

/**
 * A model (or an option) that cannot be exported to ONNX: an unsupported layer or layer
 * configuration, an input shape the layers do not accept, an unsupported opset. `path` is the
 * layer's name in the state dict (`"2"`, `"features.0"`), empty for the model itself.
 *
 * @example
 * ```ts
 * try { exportOnnx(model, { inputShape: [4] }); } catch (e) {
 *   if (e instanceof OnnxExportError) console.error(`cannot export ${e.path}: ${e.message}`);
 * }
 * ```
 */
export class OnnxExportError extends TensorkitError {
  override name = "OnnxExportError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`exportOnnx: ${message}`);
  }
}

// @tensorkit/onnx: ONNX export of tensorkit models. Re-exports only.
export type { Converted, Converter, LayerClass, LayerContext } from "./context.js";
export { OnnxExportError } from "./errors.js";
export { type ExportOnnxOptions, exportOnnx, ONNX_OPSETS, registerOnnxConverter } from "./export.js";
export type { GraphBuilder } from "./graph.js";

import { existsSync, statSync } from "node:fs";
import { exportOnnx, ONNX_OPSETS } from "@tensorkit/onnx";
import { type Tensor, tidy, zeros } from "@tensorkit/tensor";
import { loadModel, writeFileAtomic } from "@tensorkit/train/node";
import { useBackend } from "../backend.js";
import { CliError } from "../errors.js";
import type { Io } from "../io.js";

export interface ExportOptions {
  backend: string;
  json: boolean;
  onnx: string;
  opset: number;
  inputShape?: number[];
}

/**
 * `tensorkit export model.safetensors --onnx model.onnx`: rebuilds the model from the file's
 * architecture metadata, exports its evaluation-mode graph and writes it atomically.
 */
export async function exportModel(modelPath: string, o: ExportOptions, io: Io): Promise<void> {
  await useBackend(o.backend);
  if (existsSync(modelPath) && statSync(modelPath).isDirectory())
    throw new CliError(`${modelPath}: is a directory, not a model file`);
  if (o.opset < ONNX_OPSETS.min || o.opset > ONNX_OPSETS.max)
    throw new CliError(`--opset: expected ${ONNX_OPSETS.min} to ${ONNX_OPSETS.max}, got ${o.opset}`);
  const loaded = await loadModel(modelPath);
  const { model } = loaded;
  try {
    // The shape of one sample: given, else what `tensorkit train` recorded, else the model's own.
    const cli = loaded.metadata.cli as { inputShape?: number[] } | undefined;
    const inputShape =
      o.inputShape ?? cli?.inputShape ?? (model as { inputShape?: readonly number[] }).inputShape;
    if (!inputShape)
      throw new CliError(
        `${modelPath}: the file does not record the shape of one input sample; pass --input-shape (e.g. 1,28,28)`,
      );
    const bytes = exportOnnx(model, { inputShape, opset: o.opset });
    // The output shape, from one all-zero sample (the model is in evaluation mode).
    const outputShape = tidy(() => (model.call(zeros([1, ...inputShape])) as Tensor).shape.slice(1));
    await writeFileAtomic(o.onnx, bytes);
    const p = loaded.preprocessing;
    const preprocessing = !p ? [] : typeof p.toJSON === "function" ? ["preprocessing"] : Object.keys(p);
    const summary = {
      command: "export",
      model: modelPath,
      onnx: o.onnx,
      bytes: bytes.length,
      opset: o.opset,
      input: { name: "input", shape: ["batch", ...inputShape] },
      output: { name: "output", shape: ["batch", ...outputShape] },
      classNames: loaded.classNames,
      preprocessing,
    };
    if (o.json) {
      io.out(`${JSON.stringify(summary)}\n`);
      return;
    }
    io.out(
      `wrote ${o.onnx} (${bytes.length} bytes, ONNX opset ${o.opset}): input "input" [batch,${inputShape.join(",")}] → output "output" [batch,${outputShape.join(",")}]\n`,
    );
    if (preprocessing.length > 0)
      io.err(
        `note: the ONNX graph takes the model's inputs after preprocessing; ${modelPath}'s preprocessing (${preprocessing.join(", ")}) is not part of it\n`,
      );
  } finally {
    model.dispose();
  }
}

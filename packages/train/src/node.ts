// @tensorkit/train/node: model files and checkpoints on disk. A separate entry, so the main one
// never imports node:fs and bundles for the browser as is.
import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Module } from "@tensorkit/nn";
import type { Tensor } from "@tensorkit/tensor";
import {
  type CheckpointOptions,
  type RestoredCheckpoint,
  restoreCheckpoint,
  serializeCheckpoint,
} from "./io/checkpoint.js";
import { ModelFileError } from "./io/errors.js";
import {
  deserializeModel,
  type LoadedModel,
  type SerializeModelOptions,
  serializeModel,
} from "./io/model-file.js";
import type { Trainer } from "./trainer.js";

export type { WorkerBackend } from "./search/protocol.js";
export { type WorkerExecutorOptions, workerExecutor } from "./search/worker-pool.js";

/**
 * Writes `bytes` to `path` atomically: into a temporary file in the same directory, flushed to
 * disk (fsync), then renamed over `path`. A crash or an error at any point leaves either the old
 * file or the new one at `path`, never a partial file; the temporary file is removed on error.
 *
 * @example
 * ```ts
 * await writeFileAtomic("model.safetensors", serializeModel(model));
 * ```
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temp, "wx");
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
      written += bytesWritten;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (e) {
    await handle?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw new ModelFileError(
      path,
      "unwritable",
      `cannot be written (the previous file, if any, is unchanged): ${(e as Error).message}`,
    );
  }
  // Make the rename itself durable; some platforms cannot open a directory, which is harmless.
  try {
    const d = await open(dir, "r");
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // best effort
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new ModelFileError(
        path,
        "not-found",
        "no such file (expected a .safetensors model or checkpoint)",
      );
    throw new ModelFileError(path, "unreadable", `cannot be read: ${(e as Error).message}`);
  }
}

/**
 * Saves a model (or a compiled Trainer's model and training configuration) as one
 * `.safetensors` file, atomically. Fails before writing anything when the model cannot describe
 * its architecture. Options as {@link serializeModel}.
 *
 * @example
 * ```ts
 * import { saveModel } from "@tensorkit/train/node";
 * await saveModel("iris.safetensors", trainer, { preprocessing: scaler, classNames: encoder.classes });
 * ```
 */
export async function saveModel(
  path: string,
  modelOrTrainer: Module<[Tensor], Tensor> | Trainer,
  options: SerializeModelOptions = {},
): Promise<void> {
  await writeFileAtomic(path, serializeModel(modelOrTrainer, options));
}

/**
 * Loads a model file written by {@link saveModel}: the model (in evaluation mode), its
 * preprocessing, class names and training configuration. Errors name `path`.
 *
 * @example
 * ```ts
 * import { loadModel } from "@tensorkit/train/node";
 * const { model, preprocessing, classNames } = await loadModel("iris.safetensors");
 * ```
 */
export async function loadModel<M = Module<[Tensor], Tensor>>(path: string): Promise<LoadedModel<M>> {
  return deserializeModel<M>(await readBytes(path), { source: path });
}

/**
 * Saves a training checkpoint (weights, optimiser state, epochs completed, History), atomically,
 * so a crash while saving keeps the previous checkpoint intact.
 *
 * @example
 * ```ts
 * await saveCheckpoint("run/ckpt.safetensors", trainer, { epoch: 10, history });
 * ```
 */
export async function saveCheckpoint(
  path: string,
  trainer: Trainer,
  options: CheckpointOptions,
): Promise<void> {
  await writeFileAtomic(path, serializeCheckpoint(trainer, options));
}

/**
 * Restores a checkpoint into `trainer` (compiled for the same architecture and optimiser) and
 * returns the epoch to resume from and the History so far.
 *
 * @example
 * ```ts
 * const { epoch } = await loadCheckpoint("run/ckpt.safetensors", trainer);
 * await trainer.fit(x, y, { epochs: 20 - epoch, initialEpoch: epoch });
 * ```
 */
export async function loadCheckpoint(path: string, trainer: Trainer): Promise<RestoredCheckpoint> {
  return restoreCheckpoint(await readBytes(path), trainer, { source: path });
}

import { parseSafetensors, SafetensorsError, type Tensor } from "@tensorkit/tensor";
import packageJson from "../../package.json" with { type: "json" };
import { ModelFileError, ModelFormatError } from "./errors.js";

/**
 * The layout of a tensorkit model file: one safetensors file whose tensors are the model's state
 * dict under PyTorch's names (so `safetensors.torch.load_file` + `load_state_dict` read it) and
 * whose `__metadata__` (string values only, by the format) holds:
 *
 * | key | value |
 * | --- | --- |
 * | `format` | `"tensorkit"` |
 * | `tensorkit.version` | the version of `@tensorkit/train` that wrote it |
 * | `architecture` | JSON of `model.toConfig()` |
 * | `preprocessing` | JSON of the transformer (or `{ "transformers": { name: json } }`), optional |
 * | `classNames` | JSON list, or `null` |
 * | `training` | JSON `{ compile, history }`: the compile options and a summary of the history, or `null` |
 * | `metadata` | JSON of the user's own metadata, optional |
 *
 * A checkpoint adds `optimizer` (JSON of the optimiser's state dict, each tensor replaced by
 * `{ "$tensor": key }` of a safetensors entry `optimizer.<n>.<buffer>`), `epoch` (the epochs
 * completed: the `initialEpoch` to resume with), `history` (the full History as JSON) and
 * `seed` (the `fit` seed, when given).
 */
export const FORMAT = "tensorkit";
export const VERSION: string = packageJson.version;
/** Prefix of the optimiser's tensors in a checkpoint; never part of a model's state dict. */
export const OPTIMIZER_PREFIX = "optimizer.";

/** What {@link readContainer} returns: the tensors (caller disposes) and the metadata. */
export interface Container {
  readonly tensors: Record<string, Tensor>;
  readonly metadata: Record<string, string>;
}

/**
 * Parses safetensors bytes, telling apart a file that is not safetensors from one that was cut
 * short (the usual result of an interrupted copy), each as a {@link ModelFormatError} (a
 * `FormatError` with the byte offset, and a `ModelFileError` to `instanceof`) naming `source`.
 */
export function readContainer(bytes: Uint8Array, source: string): Container {
  const notSafetensors = (offset: number, what: string) =>
    new ModelFormatError(
      source,
      "not-safetensors",
      offset,
      `is not a safetensors file: ${what} (expected an 8-byte little-endian header length, then a JSON header starting with '{')`,
    );
  if (bytes.length < 9) throw notSafetensors(bytes.length, `it has only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (bytes[8] !== 0x7b /* { */)
    throw notSafetensors(8, `byte 8 is ${JSON.stringify(String.fromCharCode(bytes[8]!))}, not '{'`);
  // A header of 100 MB or more is no header: this is some other binary that happens to have a '{'.
  if (headerLength > 100_000_000)
    throw notSafetensors(0, `the header length in bytes 0–7 is ${headerLength}, implausibly large`);
  if (8 + headerLength > bytes.length) {
    throw new ModelFormatError(
      source,
      "truncated",
      bytes.length,
      `is truncated: the header says it is ${headerLength} bytes long (ending at byte ${8 + headerLength}), but the file ends at byte ${bytes.length}`,
    );
  }
  let header: Record<string, { data_offsets?: unknown }>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    throw notSafetensors(8, `the header at byte 8 is not valid JSON (${(e as Error).message})`);
  }
  let end = 0;
  for (const [name, entry] of Object.entries(header ?? {})) {
    if (name === "__metadata__") continue;
    const offsets = entry?.data_offsets;
    if (Array.isArray(offsets) && typeof offsets[1] === "number") end = Math.max(end, offsets[1]);
  }
  const dataStart = 8 + headerLength;
  if (dataStart + end > bytes.length) {
    throw new ModelFormatError(
      source,
      "truncated",
      bytes.length,
      `is truncated: its tensors need ${dataStart + end} bytes, but the file ends at byte ${bytes.length}`,
    );
  }
  try {
    return parseSafetensors(bytes, { source });
  } catch (e) {
    if (e instanceof SafetensorsError) {
      const detail = e.message.startsWith(`${source}: `) ? e.message.slice(source.length + 2) : e.message;
      throw new ModelFormatError(
        source,
        "not-safetensors",
        e.offset,
        `is not a valid safetensors file: ${detail}`,
        {
          cause: e,
        },
      );
    }
    throw e;
  }
}

/** Parses one JSON metadata entry, naming the file and the key when it is not JSON. */
export function metadataJSON(metadata: Record<string, string>, key: string, source: string): unknown {
  const text = metadata[key];
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(
      source,
      "unreadable",
      `the metadata entry '${key}' is not valid JSON (${(e as Error).message})`,
    );
  }
}

/** The architecture of a tensorkit file, or a clear error saying what the file is instead. */
export function requireArchitecture(metadata: Record<string, string>, source: string): unknown {
  const architecture = metadataJSON(metadata, "architecture", source);
  if (architecture === undefined) {
    const keys = Object.keys(metadata);
    throw new ModelFileError(
      source,
      "no-architecture",
      `has no 'architecture' in its safetensors metadata, so the model cannot be rebuilt: expected a tensorkit model file (written by saveModel or serializeModel, metadata format "tensorkit"), found ${
        keys.length === 0 ? "no metadata" : `metadata keys ${keys.map((k) => `'${k}'`).join(", ")}`
      }. For a plain state dict (e.g. from PyTorch), build the model and use parseSafetensors + loadStateDict`,
    );
  }
  return architecture;
}

/** Disposes every tensor of a parsed container. */
export function disposeAll(tensors: Record<string, Tensor>): void {
  for (const t of Object.values(tensors)) t.dispose();
}

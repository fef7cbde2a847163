import type { Module } from "@tensorkit/nn";
import { type Tensor, ValueError } from "@tensorkit/tensor";
import { deserializeModel, type LoadedModel } from "@tensorkit/train";
import { PRETRAINED, type PretrainedInfo, type PretrainedName } from "./catalog.js";

/** What {@link loadPretrained} returns: the model file's contents and the catalogue entry. */
export interface PretrainedModel extends LoadedModel<Module<[Tensor], Tensor>> {
  readonly info: PretrainedInfo;
}

/** Options of {@link loadPretrained}. */
export interface LoadPretrainedOptions {
  /** Where to fetch the file in a browser (default: beside this module, as a bundler places it). */
  readonly url?: string | URL;
}

/**
 * The catalogue entry of a shipped model; throws a `ValueError` listing the known names.
 *
 * @example
 * ```ts
 * pretrainedInfo("mnist-cnn-digits-0-4").testAccuracy; // 0.98…
 * ```
 */
export function pretrainedInfo(name: PretrainedName): PretrainedInfo {
  if (typeof name !== "string" || !Object.hasOwn(PRETRAINED, name))
    throw new ValueError(
      `loadPretrained: no pretrained model named '${String(name)}'; shipped: ${Object.keys(PRETRAINED).join(", ")}`,
    );
  return PRETRAINED[name];
}

/**
 * Where a shipped model's `.safetensors` file is: `weights/<file>` of this package (the same
 * relative path from `src/` and `dist/`). A `file:` URL in Node; bundlers that understand
 * `new URL(…, import.meta.url)` (Vite, webpack 5) emit the file as an asset.
 *
 * @example
 * ```ts
 * fileURLToPath(pretrainedUrl("mnist-cnn-digits-0-4")); // …/node_modules/@tensorkit/models/weights/…
 * ```
 */
export function pretrainedUrl(name: PretrainedName): URL {
  return new URL(`../weights/${pretrainedInfo(name).file}`, import.meta.url);
}

/**
 * Loads a model this package ships: its architecture, weights, class names and training record,
 * with the model in evaluation mode. Reads the file in Node and fetches it in a browser.
 *
 * @example
 * ```ts
 * const { model, classNames } = await loadPretrained("mnist-cnn-digits-0-4");
 * model.trainable = false;
 * replaceHead(model, 5); // then fineTune(model, [x, y], { … })
 * ```
 */
export async function loadPretrained(
  name: PretrainedName,
  options: LoadPretrainedOptions = {},
): Promise<PretrainedModel> {
  const info = pretrainedInfo(name);
  const url = options.url === undefined ? pretrainedUrl(name) : new URL(options.url, import.meta.url);
  const bytes = await readBytes(url);
  const loaded = deserializeModel(bytes, { source: `${name} (${url.href})` });
  return { ...loaded, info };
}

async function readBytes(url: URL): Promise<Uint8Array> {
  const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";
  if (isNode && url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    return readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok)
    throw new ValueError(`loadPretrained: fetching ${url.href} failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

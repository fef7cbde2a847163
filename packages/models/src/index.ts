// @tensorkit/models: pretrained models shipped with tensorkit. Re-exports only.
export { PRETRAINED, type PretrainedInfo, type PretrainedName } from "./catalog.js";
export {
  type LoadPretrainedOptions,
  loadPretrained,
  type PretrainedModel,
  pretrainedInfo,
  pretrainedUrl,
} from "./load.js";

// @tensorkit/nn: the public surface. Re-exports only.
export {
  type DenseOptions,
  dense,
  type LayerSpec,
  layer,
  probeShape,
  SequentialModel,
  type SequentialOptions,
  sequential,
} from "./builders.js";
export { moduleFromConfig } from "./config.js";
export {
  ConfigError,
  type JsonObject,
  type JsonValue,
  type ModuleConfig,
  type ModuleFactory,
  type RegularizerConfig,
  registerModuleType,
  unregisterModuleType,
} from "./config-registry.js";
export { ModuleDict, ModuleList, Sequential, type TensorModule } from "./containers.js";
export { parameterLayers, type UnfreezeTopOptions, unfreezeTop } from "./freezing.js";
export type { InitializerName, Nonlinearity } from "./init.js";
export * as init from "./init.js";
export {
  averagePooling2d,
  type BatchNormalizationOptions,
  batchNormalization,
  type Conv1dBuilderOptions,
  type Conv2dBuilderOptions,
  conv1d,
  conv2d,
  dropout,
  type EmbeddingBuilderOptions,
  embedding,
  flatten,
  globalAveragePooling2d,
  type LayerNormalizationOptions,
  layerNormalization,
  maxPooling2d,
  type Pooling2dBuilderOptions,
} from "./layer-builders.js";
export {
  type ActivationName,
  activationModule,
  ELU,
  GELU,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Softplus,
  Tanh,
} from "./layers/activation.js";
export {
  type AttentionCallOptions,
  type AttentionResult,
  MultiheadAttention,
  type MultiheadAttentionOptions,
  type TransformerEncoderCallOptions,
  TransformerEncoderLayer,
  type TransformerEncoderLayerOptions,
} from "./layers/attention.js";
export { BatchNorm1d, BatchNorm2d, type BatchNormOptions } from "./layers/batchnorm.js";
export {
  Conv1d,
  type Conv1dLayerOptions,
  Conv2d,
  type Conv2dLayerOptions,
  type Size2d,
} from "./layers/conv.js";
export { Dropout, type DropoutOptions } from "./layers/dropout.js";
export { Embedding, type EmbeddingOptions } from "./layers/embedding.js";
export { Flatten, Identity } from "./layers/flatten.js";
export { GRU, type GRUOptions, type GRUResult, type GRURunOptions } from "./layers/gru.js";
export { LayerNorm, type LayerNormOptions } from "./layers/layernorm.js";
export { Linear, type LinearOptions } from "./layers/linear.js";
export { LSTM, type LSTMOptions, type LSTMResult, type LSTMRunOptions } from "./layers/lstm.js";
export { NeuMF, type NeuMFOptions } from "./layers/ncf.js";
export {
  AdaptiveAvgPool2d,
  type AdaptiveSize2d,
  AvgPool2d,
  type AvgPool2dLayerOptions,
  MaxPool2d,
  type MaxPool2dLayerOptions,
} from "./layers/pooling.js";
export type { RecurrentOptions, SequenceLengths } from "./layers/recurrent.js";
export { RNN, type RNNOptions, type RNNResult, type RNNRunOptions } from "./layers/rnn.js";
export {
  SequenceEncoder,
  type SequenceEncoderBuilderOptions,
  type SequenceEncoderOptions,
  sequenceEncoder,
} from "./layers/sequence-encoder.js";
export {
  BCELoss,
  type BCELossOptions,
  BCEWithLogitsLoss,
  type BCEWithLogitsLossOptions,
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
} from "./losses/binary-cross-entropy.js";
export { CrossEntropyLoss, type CrossEntropyOptions, crossEntropy } from "./losses/cross-entropy.js";
export { HuberLoss, type HuberLossOptions, huberLoss } from "./losses/huber.js";
export { KLDivLoss, type KLDivOptions, type KLDivReduction, klDiv } from "./losses/kl-div.js";
export { L1Loss, type L1LossOptions, l1Loss } from "./losses/l1.js";
export { MSELoss, type MSELossOptions, mseLoss } from "./losses/mse.js";
export { NLLLoss, type NLLLossOptions, nllLoss } from "./losses/nll.js";
export type { Reduction } from "./losses/reduction.js";
export {
  type ForwardHook,
  type LoadStateDictResult,
  Module,
  type Regularizer,
  StateDictError,
} from "./module.js";
export { Parameter } from "./parameter.js";
export { l1, l1l2, l2, regularizerFromConfig } from "./regularizers.js";
export { gru, lstm, type RecurrentLayerOptions, type SimpleRnnOptions, simpleRnn } from "./rnn-builders.js";
export { type SummaryInfo, type SummaryRow, summary } from "./summary.js";
export {
  headPath,
  type LayerLike,
  type ReplaceHeadOptions,
  replaceHead,
  replaceLayer,
  type SurgeryOptions,
} from "./surgery.js";

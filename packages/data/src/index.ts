// @tensorkit/data: the public surface. Re-exports only.
export { type DropDuplicatesOptions, type DropNaOptions, dropDuplicates, dropNa } from "./clean.js";
export {
  type ColumnSpec,
  ColumnTransformer,
  type ColumnTransformerOptions,
} from "./compose/column-transformer.js";
export { transformerFromJSON } from "./compose/from-json.js";
export { Pipeline, type PipelineStep } from "./compose/pipeline.js";
export { DEFAULT_NA_VALUES, parseNumber, type ReadCsvOptions, readCsv } from "./csv.js";
export { CsvError, type FileLocation, JsonError, NotFittedError } from "./errors.js";
export { type FromJsonOptions, fromJson, readJson } from "./json.js";
export {
  type BatchTransform,
  type RandomCropOptions,
  randomCrop,
  randomHorizontalFlip,
} from "./loader/augment.js";
export { type Collated, defaultCollate } from "./loader/collate.js";
export { DataLoader, type DataLoaderOptions } from "./loader/data-loader.js";
export { type Dataset, TensorDataset, type TensorSample } from "./loader/dataset.js";
export type { Matrix, MatrixLike, ValueMatrix } from "./matrix.js";
export type { Transformer } from "./preprocessing/base.js";
export type { Category } from "./preprocessing/categories.js";
export type { CategoriesOption } from "./preprocessing/encoder-base.js";
export { type Label, LabelEncoder } from "./preprocessing/label-encoder.js";
export { MinMaxScaler, type MinMaxScalerOptions } from "./preprocessing/min-max-scaler.js";
export { Normalizer, type NormalizerOptions } from "./preprocessing/normalizer.js";
export { OneHotEncoder, type OneHotEncoderOptions } from "./preprocessing/one-hot-encoder.js";
export { OrdinalEncoder, type OrdinalEncoderOptions } from "./preprocessing/ordinal-encoder.js";
export { RobustScaler, type RobustScalerOptions } from "./preprocessing/robust-scaler.js";
export {
  type ImputeStrategy,
  SimpleImputer,
  type SimpleImputerOptions,
} from "./preprocessing/simple-imputer.js";
export { StandardScaler, type StandardScalerOptions } from "./preprocessing/standard-scaler.js";
export { TextVectorizer, type TextVectorizerOptions } from "./preprocessing/text-vectorizer.js";
export type { TransformerJSON } from "./serialize.js";
export { type Fold, KFold, type KFoldOptions, StratifiedKFold } from "./split/kfold.js";
export type { SeedOptions } from "./split/random.js";
export {
  type SplitResult,
  type Splittable,
  type Subset,
  type TrainTestSplitOptions,
  takeRows,
  trainTestSplit,
} from "./split/split.js";
export {
  type CategoryColumn,
  type ColumnType,
  isMissing,
  type NumberColumn,
  type Row,
  Table,
  type Value,
} from "./table.js";

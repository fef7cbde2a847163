import "../setup.js";
// #region preprocess
import { StandardScaler, trainTestSplit } from "@tensorkit/data";
import { iris } from "@tensorkit/datasets";

const flowers = iris();
// hold out a test set first, stratified so each species keeps its share
const [xTrainRaw, xTest0, yTrain, yTest] = trainTestSplit([flowers.x, flowers.y], {
  testSize: 0.2,
  stratify: flowers.y,
  seed: 0,
});
// fit the scaler on the training part only: the test set must stay unseen
const scaler = new StandardScaler();
const xTrain = scaler.fitTransform(xTrainRaw);
const xTest = scaler.transform(xTest0);
// #endregion preprocess

export const classNames = flowers.classNames;
export { scaler, xTest, xTrain, xTrainRaw, yTest, yTrain };

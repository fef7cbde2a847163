import "./setup.js";
// #region preprocess
import {
  ColumnTransformer,
  DataLoader,
  OneHotEncoder,
  Pipeline,
  readCsv,
  SimpleImputer,
  StandardScaler,
  TensorDataset,
  trainTestSplit,
} from "@tensorkit/data";

// in Node: readCsvFile("passengers.csv") from "@tensorkit/data/node"; in a browser: await file.text()
const csv = `age,fare,sex,class,survived
22,7.25,male,3,0
38,71.28,female,1,1
26,7.92,female,3,1
35,53.1,female,1,1
NA,8.05,male,3,0
54,51.86,male,1,0
2,21.07,male,3,0
27,11.13,female,3,1
14,30.07,female,2,1
NA,16.7,female,3,1`;
const table = readCsv(csv, { columns: { sex: "category", class: "category" } });
const [train, test] = trainTestSplit([table], {
  testSize: 0.3,
  stratify: table.numberColumn("survived"),
  seed: 0,
});
const features = new ColumnTransformer([
  [
    "numbers",
    new Pipeline([
      ["impute", new SimpleImputer({ strategy: "median" })],
      ["scale", new StandardScaler()],
    ]),
    ["age", "fare"],
  ],
  ["categories", new OneHotEncoder({ handleUnknown: "ignore" }), ["sex", "class"]],
]);
const xTrain = features.fitTransform(train); // fitted on the training rows only
const xTest = features.transform(test); // the same statistics applied to the test rows
const yTrain = train.toTensor("survived", { dtype: "int32" });
console.log(xTrain.shape, xTest.shape); // [7, 7], [3, 7]: 2 scaled + 2 sexes + 3 classes
// #endregion preprocess

// #region loader
const loader = new DataLoader(new TensorDataset(xTrain, yTrain), { batchSize: 4, shuffle: true, seed: 0 });
const batchSizes: number[] = [];
for (const [xb, yb] of loader) {
  batchSizes.push(xb.shape[0]!); // 4, then 3
  xb.dispose();
  yb.dispose();
}
const saved = JSON.stringify(features); // reload in the app with ColumnTransformer.fromJSON

// #endregion loader

export { batchSizes, features, saved, table, xTest, xTrain, yTrain };

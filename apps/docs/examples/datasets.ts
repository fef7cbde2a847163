import "./setup.js";
// #region datasets
import { iris, mnist, moons, spirals } from "@tensorkit/datasets";

const flowers = iris(); // x [150, 4] float32 (cm), y [150] int32
const m = moons({ nSamples: 200, noise: 0.1, seed: 0 }); // scikit-learn's make_moons
const arms = spirals({ nSamples: 300, nClasses: 3, noise: 0.02, seed: 0 });
const digits = await mnist({ split: "test", size: 100 }); // x [100, 1, 28, 28] in [0, 1]
console.log(flowers.classNames, digits.x.shape, m.description);

// #endregion datasets

export { arms, digits, flowers, m };

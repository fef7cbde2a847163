import { trainIris } from "./iris.js";
import { trainXor } from "./xor.js";

// The main job until the `tensorkit` CLI lands: the seed's XOR network, then a real data set.
console.log(
  "== XOR: the seed's Keras example (compile('adam', 'binaryCrossentropy', ['accuracy']), fit 1000 epochs)",
);
const xor = await trainXor();
console.log("\n== Iris (4-16-3, relu, softmax, Adam; stratified 120 train / 30 held out)");
const irisResult = await trainIris();
if (xor.accuracy < 1 || irisResult.testAccuracy < 0.9) {
  console.error("training did not reach its target (XOR accuracy 1.0, Iris ≥ 90%)");
  process.exit(1);
}

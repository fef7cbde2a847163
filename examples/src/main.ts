import { FloorError } from "./common.js";
import { runFinetune, SHORT } from "./finetune.js";
import { trainImages } from "./images.js";
import { trainIris } from "./iris.js";
import { trainRecommend } from "./recommend.js";
import { trainTabular } from "./tabular.js";
import { trainText } from "./text.js";
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

// The applications, each on its short setting (`pnpm --filter @tensorkit/examples run <name>` runs
// the documented full one); each throws a FloorError below its floor.
const applications: [string, () => Promise<unknown>][] = [
  [
    "Images: CNN on MNIST (conv–batch-norm–pool ×2, dropout, random shifts)",
    () => trainImages({ quick: true }),
  ],
  ["Text: biLSTM spam filter on the SpamAssassin corpus", () => trainText({ quick: true })],
  ["Recommendation: NeuMF, leave-one-out HR@10 / NDCG@10", () => trainRecommend({ quick: true })],
  ["Tabular: Palmer penguins CSV, species and body mass", () => trainTabular({ quick: true })],
  ["Fine-tuning: the shipped digits 0–4 CNN adapted to digits 5–9 from 100 images", () => runFinetune(SHORT)],
];
for (const [title, run] of applications) {
  console.log(`\n== ${title}`);
  try {
    await run();
  } catch (e) {
    if (!(e instanceof FloorError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

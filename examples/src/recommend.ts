import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  candidatePairs,
  interactions,
  leaveOneOut,
  popularityScores,
  withNegatives,
} from "@tensorkit/datasets";
import { leaveOneOutScores } from "@tensorkit/metrics";
import { NeuMF } from "@tensorkit/nn";
import { Generator, manualSeed, tensor } from "@tensorkit/tensor";
import { compile } from "@tensorkit/train";
import { assertFloor, quickFromArgv, type RunOptions, seconds, useBackend } from "./common.js";

/** The documented setting and the short one CI runs. */
const SETTINGS = {
  full: { users: 1000, items: 500, epochs: 10, floor: 0.5 },
  quick: { users: 300, items: 200, epochs: 8, floor: 0.3 },
} as const;

/** Negatives per positive in training, as the NCF paper. */
const NEGATIVES_PER_POSITIVE = 4;
const K = 10;

/**
 * Recommendation: neural collaborative filtering (NeuMF — a GMF branch and an MLP branch over
 * user and item embeddings) on implicit feedback generated from known latent tastes, trained on
 * positives and sampled negatives (redrawn every epoch), evaluated as the NCF paper does:
 * leave-one-out, each user's latest item ranked among 99 sampled negatives, HR@10 and NDCG@10 —
 * against a popularity baseline and against the generating model itself (the best any model
 * can do on this data).
 */
export async function trainRecommend(
  options: RunOptions = {},
): Promise<{ hr: number; popularityHr: number }> {
  const s = options.quick ? SETTINGS.quick : SETTINGS.full;
  const backend = await useBackend();
  manualSeed(5);
  const started = performance.now();
  const data = interactions({ numUsers: s.users, numItems: s.items, seed: 5 });
  const split = leaveOneOut(data.x, { numUsers: s.users, numItems: s.items, negatives: 99, seed: 99 });

  const model = new NeuMF(s.users, s.items, { gmfDim: 8, mlpLayers: [32, 16, 8] });
  const trainer = compile(model, { optimizer: { name: "adam", lr: 0.005 }, loss: "bceWithLogits" });
  console.log(
    `recommend: ${s.users} users × ${s.items} items, ${split.train.length / 2} training interactions ` +
      `(+${NEGATIVES_PER_POSITIVE} sampled negatives each, redrawn every epoch), ${model.numParameters()} parameters; ${backend}` +
      (options.quick ? " (quick setting)" : ""),
  );
  const negatives = new Generator(17);
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    const { x, y } = withNegatives(split, NEGATIVES_PER_POSITIVE, negatives);
    const xt = tensor(x, { shape: [y.length, 2] });
    const yt = tensor(y, { shape: [y.length, 1] });
    const h = await trainer.fit(xt, yt, { epochs: 1, batchSize: 256, seed: epoch, verbose: 0 });
    console.log(`epoch ${epoch + 1}/${s.epochs} - loss: ${h.history.loss![0]!.toFixed(4)}`);
    xt.dispose();
    yt.dispose();
  }

  // Score every (user, candidate) pair in one pass: rows of [held-out, 99 negatives].
  const width = 1 + split.negatives;
  const x = tensor(candidatePairs(split), { shape: [split.candidates.length, 2] });
  const logits = trainer.predict(x, { batchSize: 4096 });
  const ncf = leaveOneOutScores(logits.reshape([split.users.length, width]), { k: K });

  const pop = leaveOneOutScores(popularityScores(split), { k: K });

  const uf = data.userFactors.dataSync() as Float32Array;
  const vf = data.itemFactors.dataSync() as Float32Array;
  const bias = data.itemBias.dataSync() as Float32Array;
  const rank = data.userFactors.shape[1]!;
  const truth = Array.from(split.candidates, (i, j) => {
    const u = split.users[Math.floor(j / width)]!;
    let dot = 0;
    for (let f = 0; f < rank; f++) dot += uf[u * rank + f]! * vf[i * rank + f]!;
    return data.affinity * dot + bias[i]!;
  });
  const truthScores = tensor(Float32Array.from(truth), { shape: [split.users.length, width] });
  const oracle = leaveOneOutScores(truthScores, { k: K });
  truthScores.dispose();

  console.log(
    `\nrecommend: leave-one-out over ${split.users.length} users, 1 held-out + ${split.negatives} negatives each (${seconds(started)} s)`,
  );
  console.log(`                      HR@${K}   NDCG@${K}`);
  for (const [name, m] of [
    ["NeuMF", ncf],
    ["popularity", pop],
    ["generating model", oracle],
  ] as const)
    console.log(`${name.padEnd(20)}  ${m.hitRate.toFixed(3)}   ${m.ndcg.toFixed(3)}`);

  // The interactions as a CSV (one row per interaction, oldest first), for the no-code path.
  const outDir = join(tmpdir(), "tensorkit-examples");
  mkdirSync(outDir, { recursive: true });
  const csv = join(outDir, "interactions.csv");
  const flat = data.x.dataSync() as Int32Array;
  const lines = Array.from({ length: flat.length / 2 }, (_, r) => `u${flat[2 * r]},i${flat[2 * r + 1]}`);
  writeFileSync(csv, `user,item\n${lines.join("\n")}\n`);
  console.log(
    `\nthe interactions as ${csv}; the same model and evaluation with no code:\n` +
      `  pnpm tensorkit train ${csv} --model ncf --user user --item item --out ncf.safetensors\n` +
      "  pnpm tensorkit predict ncf.safetensors pairs.csv   # a CSV of user,item rows → score",
  );

  for (const t of [x, logits]) t.dispose();
  data.dispose();
  model.dispose();
  trainer.optimizer.dispose();
  assertFloor("recommend", `HR@${K}`, ncf.hitRate, s.floor);
  assertFloor("recommend", `HR@${K} − popularity HR@${K}`, ncf.hitRate - pop.hitRate, 0.05);
  return { hr: ncf.hitRate, popularityHr: pop.hitRate };
}

if (import.meta.url === `file://${process.argv[1]}`) await trainRecommend({ quick: quickFromArgv() });

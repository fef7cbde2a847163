import { basename } from "node:path";
import { isMissing, LabelEncoder, type Table } from "@tensorkit/data";
import { candidatePairs, leaveOneOut, popularityScores, withNegatives } from "@tensorkit/datasets";
import { leaveOneOutScores } from "@tensorkit/metrics";
import { type JsonValue, NeuMF } from "@tensorkit/nn";
import { Generator, manualSeed, type Tensor, tensor } from "@tensorkit/tensor";
import { compile } from "@tensorkit/train";
import { saveModel } from "@tensorkit/train/node";
import { useBackend } from "./backend.js";
import { readTable } from "./data.js";
import { CliError } from "./errors.js";
import { runModel } from "./evaluation.js";
import type { Io } from "./io.js";

/** What `tensorkit train --model ncf` reads from its options. */
export interface NcfOptions {
  user?: string;
  item?: string;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  hidden?: number[];
  seed: number;
  backend: string;
  out?: string;
  json: boolean;
  quiet: boolean;
}

/** What the model file records for `predict` (beside the user and item encoders). */
export interface NcfInfo {
  readonly user: string;
  readonly item: string;
}

const NEGATIVES_PER_POSITIVE = 4;
const EVAL_NEGATIVES = 99;
const K = 10;

function idColumn(table: Table, path: string, column: string | undefined, flag: string): (string | number)[] {
  if (column === undefined)
    throw new CliError(`--model ncf needs ${flag} <column> (the CSV's ${flag.slice(2)} ids)`);
  if (!table.has(column))
    throw new CliError(
      `${path}: no column "${column}" (the columns are ${table.columns.map((c) => `"${c}"`).join(", ")})`,
    );
  const values = table.column(column);
  const row = values.findIndex(isMissing);
  if (row >= 0)
    throw new CliError(`${path}: row ${row + 1} has no ${flag.slice(2)} id in column "${column}"`);
  return values as (string | number)[];
}

/** User and item ids as indices, one (user, item) pair per row, in file order. */
export function encodePairs(
  table: Table,
  users: LabelEncoder,
  items: LabelEncoder,
  info: NcfInfo,
  path: string,
): Int32Array {
  const u = users.transform(idColumn(table, path, info.user, "--user")) as number[];
  const i = items.transform(idColumn(table, path, info.item, "--item")) as number[];
  const pairs = new Int32Array(2 * u.length);
  u.forEach((v, r) => {
    pairs.set([v, i[r]!], 2 * r);
  });
  return pairs;
}

/**
 * `tensorkit train <csv> --model ncf --user <column> --item <column>`: every row is an
 * interaction (implicit feedback; any rating column is ignored). Each user's last row is held
 * out; NeuMF learns from the others with sampled negatives and is scored as the NCF paper
 * does — HR@10 and NDCG@10 of the held-out item among 99 unseen ones — beside item popularity.
 */
export async function trainNcf(data: string, o: NcfOptions, io: Io): Promise<void> {
  await useBackend(o.backend);
  const note = (line: string) => {
    if (!o.quiet) io.err(`${line}\n`);
  };
  const table = await readTable(data);
  const userIds = idColumn(table, data, o.user, "--user");
  const itemIds = idColumn(table, data, o.item, "--item");
  const users = new LabelEncoder().fit(userIds);
  const items = new LabelEncoder().fit(itemIds);
  const info: NcfInfo = { user: o.user!, item: o.item! };
  const [numUsers, numItems] = [users.classes!.length, items.classes!.length];
  if (numItems <= EVAL_NEGATIVES)
    throw new CliError(
      `${data}: ${numItems} items; leave-one-out ranks each held-out item among ${EVAL_NEGATIVES} others, so at least ${EVAL_NEGATIVES + 1} are needed`,
    );
  const split = leaveOneOut(encodePairs(table, users, items, info, data), {
    numUsers,
    numItems,
    negatives: EVAL_NEGATIVES,
    seed: o.seed,
  });
  const epochs = o.epochs ?? 8;
  const [first = 32, ...rest] = o.hidden ?? [32, 16, 8];
  manualSeed(o.seed);
  const model = new NeuMF(numUsers, numItems, { gmfDim: 8, mlpLayers: [first, ...rest] });
  const trainer = compile(model, { optimizer: { name: "adam", lr: o.lr ?? 0.005 }, loss: "bceWithLogits" });
  note(
    `training NeuMF on ${data}: ${numUsers} users, ${numItems} items, ${split.train.length / 2} interactions ` +
      `(+${NEGATIVES_PER_POSITIVE} sampled negatives each), ${epochs} epochs; ${split.users.length} users held out for leave-one-out`,
  );
  const owned: { dispose(): void }[] = [model, trainer.optimizer];
  try {
    const g = new Generator(o.seed);
    const losses: number[] = [];
    const started = performance.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const { x, y } = withNegatives(split, NEGATIVES_PER_POSITIVE, g);
      const xt = tensor(x, { shape: [y.length, 2] });
      const yt = tensor(y, { shape: [y.length, 1] });
      const h = await trainer.fit(xt, yt, {
        epochs: 1,
        batchSize: o.batchSize ?? 256,
        seed: o.seed + epoch,
        verbose: 0,
      });
      xt.dispose();
      yt.dispose();
      losses.push(h.history.loss![0]!);
      note(`epoch ${epoch + 1}/${epochs} - loss: ${losses.at(-1)!.toFixed(4)}`);
    }
    const fitSeconds = (performance.now() - started) / 1000;
    const width = 1 + EVAL_NEGATIVES;
    const x = tensor(candidatePairs(split), { shape: [split.candidates.length, 2] });
    owned.push(x);
    const logits: Tensor = runModel(model, x);
    owned.push(logits);
    const ncf = leaveOneOutScores(logits.reshape([split.users.length, width]), { k: K });
    const pop = leaveOneOutScores(popularityScores(split), { k: K });
    if (o.out) {
      const cli = {
        format: "tensorkit-cli/1",
        source: { kind: "csv", file: basename(data) },
        task: "classification",
        featureColumns: [info.user, info.item],
        target: null,
        inputShape: [2],
        ncf: { ...info },
      };
      await saveModel(o.out, trainer, {
        preprocessing: { users, items },
        metadata: { cli: cli as JsonValue, test: { hitRate: ncf.hitRate, ndcg: ncf.ndcg, k: K } },
      });
    }
    const test = { k: K, users: split.users.length, ncf, popularity: pop };
    if (o.json) {
      io.out(
        `${JSON.stringify({ command: "train", data, task: "ranking", model: o.out ?? null, epochs, history: { loss: losses }, test, timing: { fitSeconds } })}\n`,
      );
      return;
    }
    io.out(
      `\nLeave-one-out on ${split.users.length} users (each user's last row ranked among ${EVAL_NEGATIVES} unseen items)\n\n` +
        `              HR@${K}   NDCG@${K}\nNeuMF         ${ncf.hitRate.toFixed(4)}  ${ncf.ndcg.toFixed(4)}\n` +
        `popularity    ${pop.hitRate.toFixed(4)}  ${pop.ndcg.toFixed(4)}\n\n${epochs} epochs in ${fitSeconds.toFixed(1)} s\n`,
    );
    if (o.out) io.out(`model saved to ${o.out}\n`);
  } finally {
    for (const d of owned.reverse()) d.dispose();
  }
}

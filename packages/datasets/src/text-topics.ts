import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { bundle, type DataBundle } from "./bundle.js";
import { checkCount, generator } from "./random.js";

/** Options of {@link textTopics}. */
export interface TextTopicsOptions {
  /** Documents (default 400), spread evenly over the topics (the first get one more). */
  readonly nSamples?: number;
  /** Words per document, drawn uniformly in [min, max] (default [8, 16]). */
  readonly length?: readonly [number, number];
  /** Probability that a word is a topic word rather than a common word (default 0.5). */
  readonly topicShare?: number;
  /** Probability that a topic word comes from another topic (default 0.1): the overlap between classes. */
  readonly confusion?: number;
  readonly seed?: number;
}

/** Short documents on four topics, with the distribution that generated them. */
export interface TextTopicsBundle extends DataBundle {
  /** The documents, words separated by single spaces. */
  readonly texts: readonly string[];
  /** The vocabulary; `x` has a column per word, in this order (also `featureNames`). */
  readonly vocabulary: readonly string[];
  /** float32 `[topics, vocabulary]`: p(word | topic), the exact generative model (each row sums to 1). */
  readonly wordProbs: Tensor;
}

const TOPICS: Readonly<Record<string, readonly string[]>> = {
  sports: [
    "match",
    "team",
    "goal",
    "coach",
    "season",
    "player",
    "score",
    "league",
    "stadium",
    "referee",
    "win",
    "tournament",
  ],
  cooking: [
    "recipe",
    "oven",
    "flour",
    "garlic",
    "simmer",
    "butter",
    "sauce",
    "bake",
    "onion",
    "pepper",
    "dough",
    "kitchen",
  ],
  space: [
    "orbit",
    "rocket",
    "planet",
    "galaxy",
    "telescope",
    "astronaut",
    "launch",
    "moon",
    "comet",
    "gravity",
    "nebula",
    "satellite",
  ],
  finance: [
    "stock",
    "market",
    "bond",
    "interest",
    "bank",
    "dividend",
    "investor",
    "inflation",
    "loan",
    "profit",
    "budget",
    "shares",
  ],
};
const COMMON = [
  "the",
  "a",
  "and",
  "of",
  "to",
  "in",
  "is",
  "it",
  "this",
  "that",
  "was",
  "for",
  "on",
  "with",
  "very",
  "really",
  "today",
  "we",
  "they",
  "new",
];

/**
 * A topic-classification text set generated from a known model (nothing small and
 * licence-clean exists on npm; see the README): each document has a topic (the class) and words
 * drawn independently — a common word with probability 1 − `topicShare`, else a word of its topic,
 * or with probability `confusion` of another topic. `x` float32 `[n, vocabulary]` holds word
 * counts (bag of words), `y` int32 the topic, `texts` the documents and `wordProbs` the true
 * p(word | topic), so the Bayes-optimal accuracy can be computed.
 *
 * @example
 * ```ts
 * const { texts, x, y, classNames } = textTopics({ nSamples: 200, seed: 1 });
 * texts[0]; // e.g. "the orbit of rocket a launch …"
 * ```
 */
export function textTopics(options: TextTopicsOptions = {}): TextTopicsBundle {
  const op = "textTopics";
  const n = options.nSamples ?? 400;
  checkCount(n, "nSamples", op);
  const [minLen, maxLen] = options.length ?? [8, 16];
  if (!Number.isInteger(minLen) || !Number.isInteger(maxLen) || minLen < 1 || maxLen < minLen) {
    throw new ValueError(
      `${op}: length must be integers [min, max] with 1 ≤ min ≤ max, got [${minLen}, ${maxLen}]`,
    );
  }
  const share = options.topicShare ?? 0.5;
  const confusion = options.confusion ?? 0.1;
  for (const [name, v] of [
    ["topicShare", share],
    ["confusion", confusion],
  ] as const) {
    if (!(v >= 0 && v <= 1)) throw new ValueError(`${op}: ${name} must be in [0, 1], got ${v}`);
  }
  const g = generator(options.seed, op);
  const classNames = Object.keys(TOPICS);
  const k = classNames.length;
  const topicWords = classNames.map((c) => TOPICS[c]!);
  const vocabulary = [...COMMON, ...topicWords.flat()];
  const column = new Map(vocabulary.map((w, j) => [w, j]));
  const v = vocabulary.length;

  const probs = new Float32Array(k * v);
  for (let c = 0; c < k; c++) {
    const p = new Float64Array(v);
    for (const w of COMMON) p[column.get(w)!]! += (1 - share) / COMMON.length;
    for (let o = 0; o < k; o++) {
      const mass = o === c ? share * (1 - confusion) : (share * confusion) / (k - 1);
      for (const w of topicWords[o]!) p[column.get(w)!]! += mass / topicWords[o]!.length;
    }
    probs.set(p, c * v);
  }

  const texts: string[] = [];
  const x = new Float32Array(n * v);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    y[i] = c;
    const len = minLen + g.nextBelow(maxLen - minLen + 1);
    const words: string[] = [];
    for (let w = 0; w < len; w++) {
      let word: string;
      if (g.nextDouble() >= share) word = COMMON[g.nextBelow(COMMON.length)]!;
      else {
        let topic = c;
        if (g.nextDouble() < confusion) topic = (c + 1 + g.nextBelow(k - 1)) % k;
        const list = topicWords[topic]!;
        word = list[g.nextBelow(list.length)]!;
      }
      words.push(word);
      x[i * v + column.get(word)!]! += 1;
    }
    texts.push(words.join(" "));
  }
  return bundle({
    x: tensor(x, { shape: [n, v] }),
    y: tensor(y),
    wordProbs: tensor(probs, { shape: [k, v] }),
    texts,
    vocabulary,
    featureNames: vocabulary,
    classNames,
    description:
      `Synthetic topic classification: ${n} documents of ${minLen}–${maxLen} words on ${k} topics, ` +
      `vocabulary of ${v} words, topicShare ${share}, confusion ${confusion}. Generated; no licence restrictions.`,
  });
}

import { type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { NotFittedError } from "../errors.js";
import { readJSON, type TransformerJSON } from "../serialize.js";

/** Options of {@link TextVectorizer} (Keras' `TextVectorization` with `output_mode="int"`). */
export interface TextVectorizerOptions {
  /** Size of the vocabulary including the padding (index 0) and out-of-vocabulary (index 1) tokens. Default: every word seen. */
  readonly maxTokens?: number;
  /** Pad (with 0, at the end) or truncate (keeping the first tokens) every text to this many tokens. Default: the longest text of the batch. */
  readonly outputSequenceLength?: number;
  /** Words seen fewer times than this in `fit` are out of vocabulary. Default 1. */
  readonly minFrequency?: number;
  /**
   * Lower-case and strip punctuation before splitting on white space, as Keras'
   * `lower_and_strip_punctuation` except that punctuation becomes a space ("e-mail" → "e mail",
   * "xent.com" → "xent com"); apostrophes are dropped ("don't" → "dont"). Default true.
   */
  readonly standardize?: boolean;
}

const PAD = "";
const OOV = "[UNK]";

/**
 * Turns texts into padded sequences of word indices, as Keras' `TextVectorization` (integer
 * output): index 0 is padding, 1 the out-of-vocabulary token `[UNK]`, then the words seen in
 * `fit` by decreasing frequency (ties alphabetical, so the vocabulary never depends on the order
 * of the texts), capped at `maxTokens`. `transform` gives an int32 tensor `[texts, length]`,
 * padded with 0 at the end, which is what an `Embedding` with `paddingIdx: 0` and a recurrent
 * layer with per-sequence lengths expect. Saved with a model through `toJSON`.
 *
 * @example
 * ```ts
 * const tv = new TextVectorizer({ maxTokens: 10000, outputSequenceLength: 4 });
 * tv.fit(["the cat sat", "the dog"]);
 * tv.vocabulary();                 // ["", "[UNK]", "the", "cat", "dog", "sat"]
 * tv.transform(["The bird sat!"]); // int32 [[2, 1, 5, 0]]
 * ```
 */
export class TextVectorizer {
  readonly type = "TextVectorizer";
  readonly maxTokens: number | undefined;
  readonly outputSequenceLength: number | undefined;
  readonly minFrequency: number;
  readonly standardize: boolean;
  #vocabulary: string[] | undefined;
  #index: Map<string, number> | undefined;

  constructor(options: TextVectorizerOptions = {}) {
    const { maxTokens, outputSequenceLength, minFrequency = 1, standardize = true } = options;
    if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 2))
      throw new ValueError(
        `TextVectorizer: maxTokens must be an integer ≥ 2 (padding and [UNK] included), got ${maxTokens}`,
      );
    if (
      outputSequenceLength !== undefined &&
      (!Number.isInteger(outputSequenceLength) || outputSequenceLength < 1)
    )
      throw new ValueError(
        `TextVectorizer: outputSequenceLength must be a positive integer, got ${outputSequenceLength}`,
      );
    if (!Number.isInteger(minFrequency) || minFrequency < 1)
      throw new ValueError(`TextVectorizer: minFrequency must be a positive integer, got ${minFrequency}`);
    this.maxTokens = maxTokens;
    this.outputSequenceLength = outputSequenceLength;
    this.minFrequency = minFrequency;
    this.standardize = standardize;
  }

  /** The words of one text: standardised (if enabled) and split on white space. @example `tv.tokenize("Hi, there!")` → `["hi", "there"]` */
  tokenize(text: string): string[] {
    const s = this.standardize
      ? text
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\s']+/gu, " ")
          .replace(/'/g, "")
      : text;
    return s.split(/\s+/).filter((w) => w.length > 0);
  }

  /** Learns the vocabulary of `texts`. @example `tv.fit(trainTexts)` */
  fit(texts: readonly string[]): this {
    const counts = new Map<string, number>();
    checkTexts(texts, "fit").forEach((text) => {
      for (const w of this.tokenize(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
    });
    const words = [...counts]
      .filter(([, c]) => c >= this.minFrequency)
      .sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : a > b ? 1 : 0))
      .map(([w]) => w);
    const keep = this.maxTokens === undefined ? words.length : this.maxTokens - 2;
    this.#setVocabulary([PAD, OOV, ...words.slice(0, keep)]);
    return this;
  }

  #setVocabulary(vocabulary: string[]): void {
    this.#vocabulary = vocabulary;
    this.#index = new Map(vocabulary.map((w, i) => [w, i]));
  }

  #fitted(op: string): Map<string, number> {
    if (this.#index === undefined)
      throw new NotFittedError(`TextVectorizer.${op}: not fitted yet; call fit(texts) before ${op}`);
    return this.#index;
  }

  /** The vocabulary: `""` (padding), `"[UNK]"`, then the words by index. @example `tv.vocabulary().length` */
  vocabulary(): string[] {
    this.#fitted("vocabulary");
    return [...this.#vocabulary!];
  }

  /** The number of indices an `Embedding` needs (the vocabulary's size). */
  get vocabularySize(): number {
    return this.#fitted("vocabularySize").size;
  }

  /** Word indices of each text as an int32 tensor `[texts, length]`, 0-padded at the end. @example `tv.transform(["a b"])` */
  transform(texts: readonly string[]): Tensor {
    const index = this.#fitted("transform");
    const sequences = checkTexts(texts, "transform").map((t) =>
      this.tokenize(t).map((w) => index.get(w) ?? 1),
    );
    const length = this.outputSequenceLength ?? Math.max(1, ...sequences.map((s) => s.length));
    const out = new Int32Array(sequences.length * length);
    sequences.forEach((s, i) => {
      out.set(s.length > length ? s.slice(0, length) : s, i * length);
    });
    return tensor(out, { shape: [sequences.length, length] });
  }

  /** `fit(texts)` then `transform(texts)`. */
  fitTransform(texts: readonly string[]): Tensor {
    return this.fit(texts).transform(texts);
  }

  /** The options and the fitted vocabulary as JSON. */
  toJSON(): TransformerJSON {
    return {
      type: this.type,
      version: 1,
      params: {
        maxTokens: this.maxTokens ?? null,
        outputSequenceLength: this.outputSequenceLength ?? null,
        minFrequency: this.minFrequency,
        standardize: this.standardize,
      },
      state: this.#vocabulary === undefined ? null : { vocabulary: [...this.#vocabulary] },
    };
  }

  /** Restores a vectorizer written by `toJSON`. @example `TextVectorizer.fromJSON(JSON.parse(text))` */
  static fromJSON(json: unknown): TextVectorizer {
    const { params: p, state } = readJSON(json, "TextVectorizer");
    const optional = (v: unknown) => (typeof v === "number" ? v : undefined);
    const maxTokens = optional(p.maxTokens);
    const outputSequenceLength = optional(p.outputSequenceLength);
    const tv = new TextVectorizer({
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...(outputSequenceLength === undefined ? {} : { outputSequenceLength }),
      minFrequency: typeof p.minFrequency === "number" ? p.minFrequency : 1,
      standardize: p.standardize !== false,
    });
    if (state !== null) {
      const v = state.vocabulary;
      if (
        !Array.isArray(v) ||
        v.length < 2 ||
        v[0] !== PAD ||
        v[1] !== OOV ||
        !v.every((w) => typeof w === "string")
      )
        throw new ValueError(
          `TextVectorizer.fromJSON: state.vocabulary must be a list of strings starting with "" and "[UNK]"`,
        );
      tv.#setVocabulary(v as string[]);
    }
    return tv;
  }
}

function checkTexts(texts: readonly string[], op: string): readonly string[] {
  if (!Array.isArray(texts)) throw new ValueError(`TextVectorizer.${op}: expected a list of strings`);
  texts.forEach((t, i) => {
    if (typeof t !== "string")
      throw new ValueError(
        `TextVectorizer.${op}: text at position ${i} is ${t === null ? "null" : typeof t}, not a string`,
      );
  });
  return texts;
}

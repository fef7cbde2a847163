import { createCpuBackend } from "@tensorkit/backend-cpu";
import { registerBackend, ValueError } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { transformerFromJSON } from "../src/compose/from-json.js";
import { NotFittedError } from "../src/errors.js";
import { TextVectorizer } from "../src/preprocessing/text-vectorizer.js";

registerBackend("cpu", createCpuBackend);

describe("TextVectorizer", () => {
  it("orders the vocabulary by frequency, ties alphabetically, after padding and [UNK]", () => {
    // Counted by hand: the ×3, cat ×2, sat ×2, dog ×1, mat ×1, on ×1.
    const tv = new TextVectorizer().fit(["the cat sat", "The dog sat on the mat", "cat"]);
    expect(tv.vocabulary()).toEqual(["", "[UNK]", "the", "cat", "sat", "dog", "mat", "on"]);
    expect(tv.vocabularySize).toBe(8);
  });

  it("gives the same vocabulary whatever the order of the texts", () => {
    const texts = ["b a c", "a d", "c c b", "e"];
    const a = new TextVectorizer().fit(texts).vocabulary();
    const b = new TextVectorizer().fit([...texts].reverse()).vocabulary();
    expect(a).toEqual(b);
  });

  it("maps unknown words to 1, pads with 0 at the end and truncates keeping the first tokens", () => {
    const tv = new TextVectorizer({ outputSequenceLength: 4 }).fit(["the cat sat", "the dog"]);
    // vocabulary: "", [UNK], the, cat, dog, sat
    const x = tv.transform(["The bird sat!", "the cat sat the dog sat", ""]);
    expect(x.dtype).toBe("int32");
    expect(x.toArray()).toEqual([
      [2, 1, 5, 0],
      [2, 3, 5, 2],
      [0, 0, 0, 0],
    ]);
  });

  it("pads to the longest text of the batch when no length is given", () => {
    const tv = new TextVectorizer().fit(["a b c"]);
    expect(tv.transform(["a", "c b"]).toArray()).toEqual([
      [2, 0],
      [4, 3],
    ]);
  });

  it("lower-cases and turns punctuation into spaces; drops apostrophes", () => {
    const tv = new TextVectorizer();
    expect(tv.tokenize("Don't  STOP—e-mail xent.com, now!")).toEqual([
      "dont",
      "stop",
      "e",
      "mail",
      "xent",
      "com",
      "now",
    ]);
    expect(new TextVectorizer({ standardize: false }).tokenize("Don't STOP")).toEqual(["Don't", "STOP"]);
  });

  it("caps the vocabulary at maxTokens (padding and [UNK] included) and drops rare words", () => {
    const texts = ["a a a b b c", "a b d"];
    expect(new TextVectorizer({ maxTokens: 4 }).fit(texts).vocabulary()).toEqual(["", "[UNK]", "a", "b"]);
    expect(new TextVectorizer({ minFrequency: 2 }).fit(texts).vocabulary()).toEqual(["", "[UNK]", "a", "b"]);
    expect(new TextVectorizer({ maxTokens: 4 }).fit(texts).transform(["c d a"]).toArray()).toEqual([
      [1, 1, 2],
    ]);
  });

  it("round-trips through JSON, also by transformerFromJSON", () => {
    const tv = new TextVectorizer({ maxTokens: 50, outputSequenceLength: 3 }).fit([
      "hello world",
      "hello there",
    ]);
    const back = transformerFromJSON(JSON.stringify(tv)) as unknown as TextVectorizer;
    expect(back).toBeInstanceOf(TextVectorizer);
    expect(back.vocabulary()).toEqual(tv.vocabulary());
    expect(back.maxTokens).toBe(50);
    expect(back.transform(["hello you"]).toArray()).toEqual(tv.transform(["hello you"]).toArray());
    const unfitted = TextVectorizer.fromJSON(new TextVectorizer().toJSON());
    expect(() => unfitted.transform(["a"])).toThrow(NotFittedError);
  });

  it("rejects bad options, unfitted use, non-strings and a corrupt vocabulary with clear errors", () => {
    expect(() => new TextVectorizer({ maxTokens: 1 })).toThrow(/maxTokens must be an integer ≥ 2/);
    expect(() => new TextVectorizer({ outputSequenceLength: 0 })).toThrow(/outputSequenceLength/);
    expect(() => new TextVectorizer({ minFrequency: 0.5 })).toThrow(/minFrequency/);
    expect(() => new TextVectorizer().transform(["a"])).toThrow(
      /not fitted yet; call fit\(texts\) before transform/,
    );
    expect(() => new TextVectorizer().fit(["a", null as unknown as string])).toThrow(
      /text at position 1 is null, not a string/,
    );
    const json = { ...new TextVectorizer().fit(["a"]).toJSON(), state: { vocabulary: ["a", "b"] } };
    expect(() => TextVectorizer.fromJSON(json)).toThrow(ValueError);
  });
});

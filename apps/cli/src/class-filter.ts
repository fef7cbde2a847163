import { indexSelect, type Tensor, tensor } from "@tensorkit/tensor";
import { InvalidArgumentError } from "commander";
import type { Prepared } from "./data.js";
import { CliError } from "./errors.js";

/** `--classes 0,1,2` → ["0", "1", "2"]: class names as the data set or the CSV's target spells them. */
export function classList(value: string): string[] {
  const parts = value.split(",").map((s) => s.trim());
  if (parts.some((p) => p === "") || new Set(parts).size !== parts.length)
    throw new InvalidArgumentError(
      `expected distinct class names separated by commas (e.g. 0,1,2,3,4), got "${value}"`,
    );
  return parts;
}

/** Options of {@link selectClasses}. */
export interface ClassSelection {
  /** Keep only these classes (by name), renumbered 0…k−1 in the order of the data's classes. */
  readonly classes?: readonly string[];
  /** Keep only the first N training samples of each class (the test part is untouched). */
  readonly perClass?: number;
}

/** The selection the `--classes` and `--per-class` options ask for. */
export function classSelection(o: { classes?: readonly string[]; perClass?: number }): ClassSelection {
  return {
    ...(o.classes === undefined ? {} : { classes: o.classes }),
    ...(o.perClass === undefined ? {} : { perClass: o.perClass }),
  };
}

/**
 * Narrows prepared classification data to some classes (`--classes`) and at most N training
 * samples per class (`--per-class`): how the pretrained CNN sees only digits 0–4, and how a
 * fine-tuning run gets 20 labelled images per class. Takes over `prepared`: returns it as is
 * when nothing is asked, else a new Prepared and disposes the old tensors.
 */
export function selectClasses(prepared: Prepared, selection: ClassSelection): Prepared {
  const { classes, perClass } = selection;
  if (classes === undefined && perClass === undefined) return prepared;
  if (prepared.task !== "classification") {
    prepared.dispose();
    throw new CliError("--classes and --per-class apply to classification data only");
  }
  const names = classes ?? prepared.classNames;
  const unknown = names.filter((n) => !prepared.classNames.includes(n));
  if (unknown.length > 0) {
    prepared.dispose();
    throw new CliError(
      `--classes: no class ${unknown.map((n) => `"${n}"`).join(", ")} in this data (its classes: ${prepared.classNames.join(", ")})`,
    );
  }
  if (names.length < 2) {
    prepared.dispose();
    throw new CliError(`--classes needs at least two classes, got ${names.join(", ")}`);
  }
  // New index of each old class index (-1: dropped), keeping the data's class order.
  const kept = prepared.classNames.map((n, i) => [n, i] as const).filter(([n]) => names.includes(n));
  const remap = new Map(kept.map(([, old], i) => [old, i]));
  const [xTrain, yTrain] = subset(prepared.xTrain, prepared.yTrain, remap, perClass);
  const [xTest, yTest] = subset(prepared.xTest, prepared.yTest, remap, undefined);
  if (perClass !== undefined) {
    const counts = countPerClass(yTrain, kept.length);
    const short = counts.findIndex((c) => c < perClass);
    if (short >= 0) {
      for (const t of [xTrain, yTrain, xTest, yTest]) t.dispose();
      prepared.dispose();
      throw new CliError(
        `--per-class ${perClass}: class "${kept[short]![0]}" has only ${counts[short]} training samples`,
      );
    }
  }
  prepared.dispose();
  const classNames = kept.map(([n]) => n);
  const what = [
    classes ? `classes ${classNames.join(",")}` : "",
    perClass === undefined ? "" : `${perClass} training samples per class`,
  ].filter(Boolean);
  const narrowed = { xTrain, yTrain, xTest, yTest };
  return {
    ...prepared,
    ...narrowed,
    classNames,
    nOutputs: classNames.length,
    testDescription: `${xTest.shape[0]} samples of ${classes ? `classes ${classNames.join(",")}` : "every class"}, out of ${prepared.testDescription}`,
    notes: [...prepared.notes, `using ${what.join(" and ")}: ${xTrain.shape[0]} training samples`],
    dispose() {
      for (const t of Object.values(narrowed)) if (!t.isDisposed) t.dispose();
    },
  };
}

/** The rows whose class is kept (the first `perClass` of each), with labels renumbered. */
function subset(
  x: Tensor,
  y: Tensor,
  remap: ReadonlyMap<number, number>,
  perClass: number | undefined,
): [Tensor, Tensor] {
  const labels = y.dataSync() as ArrayLike<number>;
  const rows: number[] = [];
  const newLabels: number[] = [];
  const seen = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    const to = remap.get(labels[i]!);
    if (to === undefined) continue;
    const n = seen.get(to) ?? 0;
    if (perClass !== undefined && n >= perClass) continue;
    seen.set(to, n + 1);
    rows.push(i);
    newLabels.push(to);
  }
  const index = tensor(Int32Array.from(rows));
  const xs = indexSelect(x, 0, index);
  index.dispose();
  return [xs, tensor(Int32Array.from(newLabels))];
}

function countPerClass(y: Tensor, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const v of y.dataSync() as Int32Array) counts[v]!++;
  return counts;
}

import { noGrad } from "@tensorkit/autograd";
import { type Tensor, TensorkitError, tidy, zeros } from "@tensorkit/tensor";
import type { Module } from "./module.js";

/** One row of {@link summary}: a layer that holds no submodules. */
export interface SummaryRow {
  /** Dotted name in the model (`0`, `encoder.fc1`). */
  readonly name: string;
  /** Class name (`Linear`). */
  readonly type: string;
  /** Output shape with -1 for the batch axis, when an input shape was known. */
  readonly outputShape: number[] | null;
  /** Parameters the layer itself holds. */
  readonly params: number;
  /** Of those, the ones that train (`requiresGrad`); the rest are frozen. */
  readonly trainableParams: number;
}

/** What {@link summary} computes, besides the printed table. */
export interface SummaryInfo {
  readonly rows: SummaryRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly frozenParams: number;
  /** The table, as Keras prints it. */
  readonly text: string;
}

/**
 * Keras' `model.summary()`: each layer with its output shape and parameter count, then total,
 * trainable and frozen (non-trainable) counts. When any parameter is frozen, a `Trainable`
 * column says Y, N or "partly" per layer (Keras' `show_trainable`). Output shapes come from a
 * forward pass on zeros of `inputShape` (without the batch axis) in evaluation mode, recorded by
 * forward hooks; without an input shape the column is left empty.
 *
 * @example
 * ```ts
 * console.log(summary(model, [2]).text);
 * ```
 */
export function summary(model: Module<[Tensor], unknown>, inputShape?: readonly number[]): SummaryInfo {
  const leaves = model.namedModules().filter(([, m]) => m.children().length === 0);
  const shapes = new Map<Module<never[], unknown>, number[]>();
  if (inputShape) {
    const modes = model.modules().map((m) => [m, m.training] as const);
    const removers = leaves.map(([, m]) =>
      m.registerForwardHook((mod, _inputs, out) => {
        if (isTensor(out)) shapes.set(mod as Module<never[], unknown>, [-1, ...out.shape.slice(1)]);
      }),
    );
    try {
      model.eval();
      noGrad(() =>
        tidy(() => {
          model.call(zeros([2, ...inputShape]));
        }),
      );
    } catch (e) {
      throw new TensorkitError(
        `summary: the forward pass on an input of shape [batch, ${inputShape.join(", ")}] failed: ${(e as Error).message}`,
      );
    } finally {
      for (const remove of removers) remove();
      for (const [m, mode] of modes) m.training = mode;
    }
  }
  const rows: SummaryRow[] = leaves
    .filter(([name]) => name !== "" || leaves.length === 1)
    .map(([name, m]) => {
      const own = m
        .namedParameters()
        .filter(([n]) => !n.includes("."))
        .map(([, p]) => p);
      return {
        name: name || "(model)",
        type: m.constructor.name,
        outputShape: shapes.get(m) ?? null,
        params: own.reduce((s, p) => s + p.size, 0),
        trainableParams: own.filter((p) => p.requiresGrad).reduce((s, p) => s + p.size, 0),
      };
    });
  const params = model.parameters();
  const totalParams = params.reduce((s, p) => s + p.size, 0);
  const trainableParams = params.filter((p) => p.requiresGrad).reduce((s, p) => s + p.size, 0);
  const frozenParams = totalParams - trainableParams;

  const showTrainable = frozenParams > 0;
  const table = [
    ["Layer (type)", "Output Shape", "Param #", ...(showTrainable ? ["Trainable"] : [])],
    ...rows.map((r) => [
      `${r.name} (${r.type})`,
      r.outputShape ? `[${r.outputShape.map((d) => (d === -1 ? "None" : String(d))).join(", ")}]` : "?",
      r.params.toLocaleString("en-US"),
      ...(showTrainable ? [trainableMark(r)] : []),
    ]),
  ];
  const last = table[0]!.length - 1;
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)) + 4);
  const line = (row: string[]) =>
    row.map((cell, c) => (c === last ? cell : cell.padEnd(widths[c]!))).join("");
  const rule = (ch: string) => ch.repeat(widths.reduce((a, b) => a + b, 0) - (showTrainable ? 4 : 0));
  const text = [
    `Model: "${model.constructor.name}"`,
    rule("─"),
    line(table[0]!),
    rule("═"),
    ...table.slice(1).map(line),
    rule("═"),
    `Total params: ${totalParams.toLocaleString("en-US")}`,
    `Trainable params: ${trainableParams.toLocaleString("en-US")}`,
    `Non-trainable params: ${frozenParams.toLocaleString("en-US")}`,
    rule("─"),
  ].join("\n");
  return { rows, totalParams, trainableParams, frozenParams, text };
}

/** Y when every parameter of the layer trains, N when all are frozen, "partly" between; "-" without any. */
function trainableMark(r: SummaryRow): string {
  if (r.params === 0) return "-";
  if (r.trainableParams === r.params) return "Y";
  return r.trainableParams === 0 ? "N" : "partly";
}

function isTensor(x: unknown): x is Tensor {
  return typeof x === "object" && x !== null && "shape" in x && "dtype" in x && "dataSync" in x;
}

import { summary } from "@tensorkit/nn";
import { useBackend } from "../backend.js";
import { describeSource } from "../inputs.js";
import type { Io } from "../io.js";
import { loadCliModel } from "../model-file.js";
import { textTable } from "../table.js";

export async function info(modelPath: string, o: { backend: string; json: boolean }, io: Io): Promise<void> {
  await useBackend(o.backend);
  const m = await loadCliModel(modelPath);
  try {
    const s = summary(m.model, m.info.inputShape);
    const { training, metadata } = m.loaded;
    const preprocessing = Object.fromEntries(
      Object.entries(m.preprocessors).map(([k, v]) => [k, (v as { type?: string }).type ?? "custom"]),
    );
    if (o.json) {
      io.out(
        `${JSON.stringify({
          command: "info",
          model: modelPath,
          task: m.info.task,
          source: m.info.source,
          inputShape: m.info.inputShape,
          featureColumns: m.info.featureColumns,
          target: m.info.target,
          classNames: m.classNames,
          layers: s.rows,
          totalParams: s.totalParams,
          trainableParams: s.trainableParams,
          preprocessing,
          training,
          architecture: m.loaded.architecture,
          metadata,
        })}\n`,
      );
      return;
    }
    const compileInfo = training?.compile;
    const rows: [string, string][] = [
      ["task", m.info.task],
      ["trained on", describeSource(m)],
      [
        "input",
        `[${m.info.inputShape.join(",")}]${m.info.featureColumns.length ? ` from ${m.info.featureColumns.join(", ")}` : ""}`,
      ],
    ];
    if (m.info.target) rows.push(["target", m.info.target]);
    if (m.classNames.length) rows.push(["classes", m.classNames.join(", ")]);
    rows.push([
      "preprocessing",
      Object.entries(preprocessing)
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ") || "none",
    ]);
    if (compileInfo)
      rows.push(["optimizer", JSON.stringify(compileInfo.optimizer)], ["loss", compileInfo.loss]);
    if (typeof metadata.epochsRun === "number") rows.push(["epochs run", String(metadata.epochsRun)]);
    const test = metadata.test as Record<string, unknown> | undefined;
    if (test && typeof test.accuracy === "number")
      rows.push(["test accuracy", (test.accuracy as number).toFixed(4)]);
    if (test && typeof test.r2 === "number") rows.push(["test R²", (test.r2 as number).toFixed(4)]);
    io.out(
      `${modelPath}\n\n${s.text}\n\n${textTable([["", ""], ...rows])
        .split("\n")
        .slice(1)
        .join("\n")}\n`,
    );
  } finally {
    m.dispose();
  }
}

import { listBackends } from "@tensorkit/tensor";
import { BACKENDS, useBackend } from "../backend.js";
import { DATASETS } from "../data.js";
import type { Io } from "../io.js";
import { textTable } from "../table.js";

export function datasets(o: { json: boolean }, io: Io): void {
  if (o.json) {
    io.out(`${JSON.stringify({ command: "datasets", datasets: DATASETS })}\n`);
    return;
  }
  io.out(
    `${textTable([
      ["name", "task", "samples", "about"],
      ...Object.entries(DATASETS).map(([name, d]) => [name, d.task, d.shape, d.about]),
    ])}\n\nOr a CSV file: tensorkit train data.csv --target COLUMN\n`,
  );
}

export async function backends(o: { json: boolean }, io: Io): Promise<void> {
  await useBackend("cpu");
  const registered = new Map(listBackends().map((b) => [b.name, b]));
  const rows = Object.entries(BACKENDS).map(([name, b]) => {
    const r = registered.get(name);
    return {
      name,
      available: b.available,
      active: r?.active ?? false,
      optionalKernels: r ? r.optionalKernels.length : 0,
      about: b.about,
    };
  });
  if (o.json) {
    io.out(`${JSON.stringify({ command: "backends", backends: rows })}\n`);
    return;
  }
  io.out(
    `${textTable([
      ["name", "available", "fused kernels", "about"],
      ...rows.map((r) => [
        r.name,
        r.available ? (r.active ? "yes (active)" : "yes") : "no",
        r.available ? r.optionalKernels : "–",
        r.about,
      ]),
    ])}\n`,
  );
}

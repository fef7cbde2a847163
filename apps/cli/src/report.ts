import type { TestMetrics } from "./evaluation.js";

/** Escapes text for HTML and SVG. */
function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const COLORS = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#0891b2"];

/** A line chart of several series against the epoch, as inline SVG. */
export function lineChart(title: string, series: Readonly<Record<string, readonly number[]>>): string {
  const W = 520;
  const H = 280;
  const m = { l: 56, r: 16, t: 28, b: 36 };
  const entries = Object.entries(series).filter(([, v]) => v.length > 0);
  const values = entries.flatMap(([, v]) => v.filter(Number.isFinite));
  if (values.length === 0) return "";
  const n = Math.max(...entries.map(([, v]) => v.length));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5];
  const x = (i: number) => m.l + (n <= 1 ? 0 : (i / (n - 1)) * (W - m.l - m.r));
  const y = (v: number) => m.t + (1 - (v - lo) / (hi - lo)) * (H - m.t - m.b);
  const ticks = Array.from({ length: 5 }, (_, k) => lo + ((hi - lo) * k) / 4);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14" font-weight="600">${esc(title)}</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#999"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#999"/>`,
    ...ticks.map(
      (t) =>
        `<line x1="${m.l}" x2="${W - m.r}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#eee"/>` +
        `<text x="${m.l - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${esc(t.toPrecision(3))}</text>`,
    ),
    `<text x="${W / 2}" y="${H - 6}" text-anchor="middle" font-size="11">epoch (1–${n})</text>`,
  ];
  entries.forEach(([name, v], k) => {
    const color = COLORS[k % COLORS.length]!;
    const points = v
      .map((val, i) => (Number.isFinite(val) ? `${x(i).toFixed(1)},${y(val).toFixed(1)}` : ""))
      .filter(Boolean)
      .join(" ");
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>`);
    parts.push(
      `<rect x="${m.l + 10 + k * 120}" y="${m.t + 4}" width="12" height="3" fill="${color}"/>` +
        `<text x="${m.l + 26 + k * 120}" y="${m.t + 9}" font-size="11">${esc(name)}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/** The confusion matrix as an SVG grid, darker for larger counts, each cell labelled. */
export function confusionSvg(matrix: readonly (readonly number[])[], classNames: readonly string[]): string {
  const k = classNames.length;
  const cell = Math.max(28, Math.min(56, Math.floor(420 / Math.max(1, k))));
  const left = 24 + Math.min(120, 7 * Math.max(...classNames.map((c) => c.length)));
  const top = 44;
  const W = left + k * cell + 16;
  const H = top + k * cell + 40;
  const max = Math.max(1, ...matrix.flat());
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="confusion matrix">`,
    `<text x="${left + (k * cell) / 2}" y="16" text-anchor="middle" font-size="12">predicted class</text>`,
  ];
  classNames.forEach((name, j) => {
    parts.push(
      `<text x="${left + j * cell + cell / 2}" y="${top - 8}" text-anchor="middle" font-size="11">${esc(name.slice(0, 10))}</text>`,
    );
    parts.push(
      `<text x="${left - 6}" y="${top + j * cell + cell / 2 + 4}" text-anchor="end" font-size="11">${esc(name.slice(0, 16))}</text>`,
    );
  });
  matrix.forEach((row, i) => {
    row.forEach((v, j) => {
      const a = v / max;
      const fill = `rgba(37, 99, 235, ${(0.06 + 0.94 * a).toFixed(3)})`;
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/>` +
          `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" font-size="11" fill="${a > 0.5 ? "#fff" : "#111"}">${v}</text>`,
      );
    });
  });
  parts.push(
    `<text x="12" y="${top + (k * cell) / 2}" font-size="12" transform="rotate(-90 12 ${top + (k * cell) / 2})" text-anchor="middle">true class</text>`,
  );
  parts.push("</svg>");
  return parts.join("\n");
}

export interface ReportInput {
  readonly title: string;
  readonly summary: readonly (readonly [string, string])[];
  readonly history: Readonly<Record<string, readonly number[]>>;
  readonly test: TestMetrics;
  readonly testDescription: string;
}

/** A self-contained HTML page: no scripts, styles or images from elsewhere, charts as inline SVG. */
export function htmlReport(r: ReportInput): string {
  const losses: Record<string, number[]> = {};
  const metrics: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(r.history)) (k.endsWith("loss") ? losses : metrics)[k] = [...v];
  const t = r.test;
  const testRows =
    t.task === "classification"
      ? [
          ["accuracy", t.accuracy],
          ["precision (macro)", t.precision],
          ["recall (macro)", t.recall],
          ["F1 (macro)", t.f1],
        ]
      : [
          ["MSE", t.mse],
          ["MAE", t.mae],
          ["R²", t.r2],
        ];
  const perClass =
    t.task === "classification"
      ? `<table><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr></thead><tbody>${t.perClass
          .map(
            (c) =>
              `<tr><td>${esc(c.class)}</td><td>${c.precision.toFixed(4)}</td><td>${c.recall.toFixed(4)}</td><td>${c.f1.toFixed(4)}</td><td>${c.support}</td></tr>`,
          )
          .join("")}</tbody></table>`
      : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.title)}</title>
<style>
body { font: 14px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #111; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0; } td, th { padding: 0.2rem 0.8rem; border-bottom: 1px solid #ddd; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
svg { font-family: system-ui, sans-serif; background: #fff; }
</style>
</head>
<body>
<h1>${esc(r.title)}</h1>
<table>${r.summary.map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join("")}</table>
<h2>Training</h2>
<div class="charts">
${lineChart("loss", losses)}
${Object.keys(metrics).length > 0 ? lineChart(Object.keys(metrics).join(", "), metrics) : ""}
</div>
<h2>Test: ${esc(r.testDescription)}</h2>
<table>${testRows.map(([k, v]) => `<tr><td>${esc(String(k))}</td><td>${(v as number).toFixed(4)}</td></tr>`).join("")}</table>
${perClass}
${t.task === "classification" ? `<h2>Confusion matrix</h2>\n${confusionSvg(t.confusionMatrix, t.classNames)}` : ""}
</body>
</html>
`;
}

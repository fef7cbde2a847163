import type { PlotPoints } from "./session.js";

/** Class colours (orange, blue, green), as RGB. */
export const CLASS_RGB: readonly (readonly [number, number, number])[] = [
  [245, 147, 34],
  [8, 119, 189],
  [60, 170, 80],
];

/**
 * Paints the decision boundary: each grid cell takes the probability-weighted mix of the class
 * colours, faded toward white where the model is unsure (max probability near 1/k).
 */
export function drawBoundary(
  ctx: CanvasRenderingContext2D,
  probabilities: Float32Array,
  grid: number,
  nClasses: number,
): void {
  const { width, height } = ctx.canvas;
  const image = ctx.createImageData(grid, grid);
  for (let cell = 0; cell < grid * grid; cell++) {
    let r = 0;
    let g = 0;
    let b = 0;
    let top = 0;
    for (let c = 0; c < nClasses; c++) {
      const p = probabilities[cell * nClasses + c]!;
      const [cr, cg, cb] = CLASS_RGB[c % CLASS_RGB.length]!;
      r += p * cr;
      g += p * cg;
      b += p * cb;
      top = Math.max(top, p);
    }
    // confidence 0 at chance level, 1 at certainty
    const confidence = Math.max(0, (top - 1 / nClasses) / (1 - 1 / nClasses));
    const fade = 0.15 + 0.55 * confidence;
    const o = cell * 4;
    image.data[o] = 255 + (r - 255) * fade;
    image.data[o + 1] = 255 + (g - 255) * fade;
    image.data[o + 2] = 255 + (b - 255) * fade;
    image.data[o + 3] = 255;
  }
  // draw the small grid, then scale it up smoothly onto the whole canvas
  const cells = new OffscreenCanvas(grid, grid);
  cells.getContext("2d")!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(cells, 0, 0, width, height);
}

/** Training points filled, validation points hollow, over the boundary. */
export function drawPoints(ctx: CanvasRenderingContext2D, points: PlotPoints): void {
  const { width, height } = ctx.canvas;
  const e = points.extent;
  const radius = Math.max(2.5, width / 130);
  for (let i = 0; i < points.labels.length; i++) {
    const px = ((points.xy[2 * i]! + e) / (2 * e)) * width;
    const py = ((e - points.xy[2 * i + 1]!) / (2 * e)) * height;
    const [r, g, b] = CLASS_RGB[points.labels[i]! % CLASS_RGB.length]!;
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    if (points.validation[i]) {
      ctx.lineWidth = 2;
      ctx.strokeStyle = `rgb(${r},${g},${b})`;
      ctx.fillStyle = "white";
      ctx.fill();
      ctx.stroke();
    } else {
      ctx.lineWidth = 1;
      ctx.strokeStyle = "white";
      ctx.fillStyle = `rgb(${r},${g},${b})`;
      ctx.fill();
      ctx.stroke();
    }
  }
}

/** Train and validation loss against epoch, on a log-free linear axis from 0 to the largest loss seen. */
export function drawLossCurves(
  ctx: CanvasRenderingContext2D,
  epochs: readonly number[],
  train: readonly number[],
  validation: readonly number[],
): void {
  const { width, height } = ctx.canvas;
  ctx.clearRect(0, 0, width, height);
  const pad = { left: 36, right: 8, top: 8, bottom: 20 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const maxEpoch = Math.max(1, epochs[epochs.length - 1] ?? 1);
  const maxLoss = Math.max(1e-6, ...train.filter(Number.isFinite), ...validation.filter(Number.isFinite));
  ctx.strokeStyle = "#888";
  ctx.lineWidth = 1;
  ctx.strokeRect(pad.left, pad.top, w, h);
  ctx.fillStyle = "#888";
  ctx.font = "11px sans-serif";
  ctx.fillText(maxLoss.toFixed(2), 2, pad.top + 10);
  ctx.fillText("0", 2, pad.top + h);
  ctx.fillText(`epoch ${maxEpoch}`, pad.left + w - 60, height - 4);
  const line = (values: readonly number[], colour: string, dash: number[]) => {
    ctx.beginPath();
    ctx.setLineDash(dash);
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    values.forEach((v, i) => {
      const x = pad.left + (epochs[i]! / maxEpoch) * w;
      const y = pad.top + h - (Math.min(v, maxLoss) / maxLoss) * h;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    ctx.setLineDash([]);
  };
  line(train, "#0877bd", []);
  line(validation, "#f59322", [6, 3]);
}

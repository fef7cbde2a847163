import type { DType, TypedArray } from "./core/dtype.js";
import type { Shape } from "./core/shape.js";

/** Past this many elements, each axis shows its first and last three entries around `...`. */
const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** Renders tensor data as PyTorch does: `tensor([[1, 2], [3, 4]], float32)`. */
export function formatTensor(values: TypedArray, shape: Shape, dtype: DType): string {
  const summarise = values.length > SUMMARY_THRESHOLD;
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  const cell = (v: number): string => {
    if (dtype === "bool") return v !== 0 ? "true" : "false";
    if (dtype === "int32" || Number.isNaN(v) || !Number.isFinite(v)) return String(v);
    if (Number.isInteger(v) && Math.abs(v) < 1e8) return `${v}.`;
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-4 || a >= 1e8)
      ? v.toExponential(4)
      : String(Number(v.toPrecision(dtype === "float64" ? 8 : 5)));
  };
  // First pass collects the cells that will be shown so that columns can be aligned.
  const shown: string[] = [];
  const visit = (axis: number, base: number, out: (text: string) => void): void => {
    if (axis === shape.length) {
      out(cell(values[base]!));
      return;
    }
    const n = shape[axis]!;
    for (let i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE_ITEMS && i === EDGE_ITEMS) i = n - EDGE_ITEMS;
      visit(axis + 1, base + i * strides[axis]!, out);
    }
  };
  visit(0, 0, (t) => shown.push(t));
  const width = Math.max(0, ...shown.map((t) => t.length));
  let k = 0;
  const render = (axis: number, indent: number): string => {
    if (axis === shape.length) return shown[k++]!.padStart(width);
    const n = shape[axis]!;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      if (summarise && n > 2 * EDGE_ITEMS && i === EDGE_ITEMS) {
        parts.push("...");
        i = n - EDGE_ITEMS;
      }
      parts.push(render(axis + 1, indent + 1));
    }
    const sep =
      axis === shape.length - 1 ? ", " : `,${"\n".repeat(shape.length - axis - 1)}${" ".repeat(indent + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  const body = render(0, 7);
  return `tensor(${body}, ${shape.length === 0 || values.length > 0 ? "" : `size=[${shape.join(",")}], `}${dtype})`;
}

import { ValueError } from "@tensorkit/tensor";
import type { Logs } from "../callback.js";

/** Whether a monitored quantity should go down (`"min"`), up (`"max"`), or be guessed from its name (`"auto"`). */
export type MonitorMode = "auto" | "min" | "max";

/** Metrics that improve upwards; every other quantity (losses, errors) improves downwards. */
const HIGHER_IS_BETTER = new Set(["accuracy", "acc", "auc", "precision", "recall", "f1", "r2"]);

/**
 * The direction of `monitor` for `mode`. `"auto"` is Keras' rule: up for accuracy-like metrics
 * (`accuracy`, `val_acc`, `auc`, `f1`, …), down for everything else (`loss`, `val_mse`, …).
 */
export function resolveMode(op: string, monitor: string, mode: MonitorMode): "min" | "max" {
  if (mode === "min" || mode === "max") return mode;
  if (mode !== "auto")
    throw new ValueError(`${op}: mode must be "auto", "min" or "max", got ${JSON.stringify(mode)}`);
  const base = monitor.startsWith("val_") ? monitor.slice(4) : monitor;
  return HIGHER_IS_BETTER.has(base) ? "max" : "min";
}

/**
 * Reads `monitor` from the epoch's logs. A missing key warns once (as Keras warns) naming the keys
 * that are there: usually `val_loss` without validation data.
 */
export class MonitorReader {
  #warned = false;
  constructor(
    private readonly op: string,
    readonly monitor: string,
    private readonly warn: (message: string) => void,
  ) {}

  read(logs: Logs): number | undefined {
    const v = logs[this.monitor];
    if (v === undefined && !this.#warned) {
      this.#warned = true;
      this.warn(
        `${this.op}: the monitored metric "${this.monitor}" is not in the logs (available: ${Object.keys(logs).join(", ") || "none"}); ` +
          `${this.monitor.startsWith("val_") ? "give fit validationSplit or validationData, or " : ""}monitor one of those`,
      );
    }
    return v;
  }
}

/** Checks a numeric option: finite, and at least `min`, an integer when `integer`. */
export function checkNumber(op: string, name: string, v: number, min: number, integer = false): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v)))
    throw new ValueError(`${op}: ${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}, got ${v}`);
}

/** Where callbacks print warnings by default: the console, which exists in Node and in browsers. */
export const consoleWarn = (message: string): void => console.warn(message);

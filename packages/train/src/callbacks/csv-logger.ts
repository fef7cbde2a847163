import { ValueError } from "@tensorkit/tensor";
import type { Callback, Logs } from "../callback.js";

/** Options of {@link CSVLogger}. */
export interface CSVLoggerOptions {
  /** Add to an existing file instead of overwriting it (no second header if it has content). Default false. */
  readonly append?: boolean;
  /** The field separator. Default `","`. */
  readonly separator?: string;
}

/** Receives the CSV one line at a time, without the line break. */
export type CSVSink = (line: string) => void;

/**
 * Writes each epoch's logs as a CSV row, as Keras' `CSVLogger`: a header `epoch,<keys>` with the
 * keys of the first epoch in sorted order, then one row per epoch (epochs counted from 0). A key
 * missing from a later epoch is written `NA`. Given a path (in Node), it writes the file with
 * `node:fs`, flushing every row; given a function, it calls it with each line (for the browser,
 * or tests).
 *
 * @example
 * ```ts
 * await trainer.fit(x, y, { epochs: 20, validationSplit: 0.2, callbacks: [new CSVLogger("training.csv")] });
 * // epoch,accuracy,loss,val_accuracy,val_loss
 * // 0,0.55,0.6931,0.5,0.6902
 * const lines: string[] = [];
 * new CSVLogger((line) => lines.push(line), { separator: ";" });
 * ```
 */
export class CSVLogger implements Callback {
  readonly separator: string;
  readonly append: boolean;
  #keys: string[] | undefined;
  #write: CSVSink | undefined;
  #close: (() => void) | undefined;
  #needsHeader = true;

  constructor(
    readonly target: string | CSVSink,
    options: CSVLoggerOptions = {},
  ) {
    this.separator = options.separator ?? ",";
    this.append = options.append ?? false;
    if (typeof target !== "string" && typeof target !== "function")
      throw new ValueError("CSVLogger: expected a file path or a function that takes each line");
    if (this.separator.length === 0 || /["\r\n]/.test(this.separator))
      throw new ValueError(
        `CSVLogger: separator ${JSON.stringify(this.separator)} cannot be empty, a quote or a line break`,
      );
  }

  async onTrainBegin(): Promise<void> {
    this.#keys = undefined;
    this.#needsHeader = true;
    if (typeof this.target === "function") {
      this.#write = this.target;
      return;
    }
    // Imported here, not at the top: the package must bundle for browsers, which have no node:fs.
    const fs = await import("node:fs");
    const path = this.target;
    if (this.append && fs.existsSync(path) && fs.statSync(path).size > 0) this.#needsHeader = false;
    let fd: number;
    try {
      fd = fs.openSync(path, this.append ? "a" : "w");
    } catch (e) {
      throw new ValueError(`CSVLogger: cannot open ${path} for writing: ${(e as Error).message}`);
    }
    this.#write = (line) => fs.writeSync(fd, `${line}\n`);
    this.#close = () => fs.closeSync(fd);
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (!this.#write) return;
    if (this.#keys === undefined) {
      this.#keys = Object.keys(logs).sort();
      if (this.#needsHeader)
        this.#write(["epoch", ...this.#keys].map((k) => this.#quote(k)).join(this.separator));
    }
    const cells = [String(epoch), ...this.#keys.map((k) => (k in logs ? String(logs[k]) : "NA"))];
    this.#write(cells.map((c) => this.#quote(c)).join(this.separator));
  }

  onTrainEnd(): void {
    this.#close?.();
    this.#close = undefined;
    this.#write = undefined;
  }

  /** Quotes a cell that holds the separator, a quote or a line break (RFC 4180). */
  #quote(cell: string): string {
    return cell.includes(this.separator) || /["\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
  }
}

import type { ProgressStream } from "@tensorkit/train";

/** Where a command writes: tables and JSON to `out`, progress and notes to `err`. Tests pass their own. */
export interface Io {
  /** Standard output: results (tables, one JSON document, predictions). */
  out(text: string): void;
  /** Standard error: progress, notes and errors, so that `--json` output stays one document. */
  err(text: string): void;
  /** The stream progress bars draw on (a terminal or not). */
  readonly progress: ProgressStream;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    progress: process.stderr,
  };
}

/** An Io that records everything, for tests and for running the CLI in-process. */
export function memoryIo(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out(text: string) {
      io.stdout += text;
    },
    err(text: string) {
      io.stderr += text;
    },
    progress: {
      isTTY: false,
      write(text: string) {
        io.stderr += text;
        return true;
      },
    },
  };
  return io;
}

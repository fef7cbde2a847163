import { TensorkitError } from "@tensorkit/tensor";

/**
 * A problem with what the user asked for (a missing file, an unknown data set, a bad option):
 * printed as one line, without a stack trace.
 */
export class CliError extends Error {
  override name = "CliError";
}

/** Whether an error is the user's to fix (printed as one line) rather than a bug (which gets a hint about --verbose). */
export function isUserError(e: unknown): boolean {
  return e instanceof CliError || e instanceof TensorkitError;
}

/** The one line printed for an error: its message, first line only. */
export function errorLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0]!.trim();
}

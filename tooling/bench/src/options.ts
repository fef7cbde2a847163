import { parseArgs } from "node:util";

export interface Options {
  readonly json: boolean;
  readonly list: boolean;
  readonly help: boolean;
  readonly quick: boolean;
  /** Workload name substrings; a workload runs if it contains any of them. */
  readonly filters: readonly string[];
  readonly iterations: number;
  readonly warmup: number;
  readonly maxTimeS: number;
}

export const USAGE = `Usage: pnpm bench [options]

Runs each workload on every tensorkit backend and on TensorFlow.js (cpu, wasm), the libraries
taking turns round-robin, and prints medians with the speed-up of tensorkit (>1 is faster).

Options:
  --filter <text>     run the workloads whose name contains <text> (repeatable)
  --iterations <n>    timed rounds per workload, at most (default 20; --quick 3)
  --warmup <n>        untimed rounds before timing (default 3; --quick 1)
  --max-time <s>      stop timing a workload after <s> seconds, once 3 rounds ran (default 15; --quick 2)
  --quick             fast smoke run: fewer rounds, and large workloads skipped unless --filter names them
  --json              print one JSON object { machine, results } instead of tables
  --list              list the workloads and exit
  -h, --help          show this help
`;

/** Thrown for a bad command line; main prints it with the usage and exits 2. */
export class UsageError extends Error {}

export function parseOptions(argv: readonly string[]): Options {
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(argv));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const quick = values.quick ?? false;
  return {
    json: values.json ?? false,
    list: values.list ?? false,
    help: values.help ?? false,
    quick,
    filters: values.filter ?? [],
    iterations: count("--iterations", values.iterations, quick ? 3 : 20, 1),
    warmup: count("--warmup", values.warmup, quick ? 1 : 3, 0),
    maxTimeS: seconds("--max-time", values["max-time"], quick ? 2 : 15),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      json: { type: "boolean" },
      list: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      quick: { type: "boolean" },
      filter: { type: "string", multiple: true },
      iterations: { type: "string" },
      warmup: { type: "string" },
      "max-time": { type: "string" },
    },
  });
}

function count(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} takes an integer ≥ ${min}, got "${text}"`);
  return n;
}

function seconds(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} takes a number of seconds > 0, got "${text}"`);
  return n;
}

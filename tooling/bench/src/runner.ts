import { normalData, sizeOf } from "./data.js";
import { message, type Target } from "./targets.js";
import type { Case, Output, Workload } from "./workload.js";

/** How long and how often to measure. */
export interface RunSettings {
  /** Timed rounds at most; each round runs every target once. */
  readonly iterations: number;
  /** Untimed rounds before timing (after the one untimed check run), at most. */
  readonly warmup: number;
  /** Stop timing a workload after this many seconds (once at least `minIterations` rounds ran). */
  readonly maxTimeS: number;
  readonly minIterations: number;
}

/** One target's measurements on one workload. */
export interface Row {
  readonly target: Target;
  /** Run times in ms, in the order they were taken. */
  readonly samples: number[];
  /** max |output − reference| / max |reference|; null when not compared. */
  relError: number | null;
  /** True when relError exceeds the workload's tolerance. */
  mismatch: boolean;
  /** Tensors still alive after teardown that were not before setup. */
  leaked: number;
  error?: string;
}

export interface WorkloadResult {
  readonly workload: Workload;
  readonly rows: Row[];
  /** The target whose output the others were compared with (tfjs-cpu when it ran). */
  readonly reference: string | null;
  /** Rounds actually timed (the time cap may stop before `iterations`). */
  readonly rounds: number;
  /** Warm-up rounds actually run (the time cap may stop before `warmup`). */
  readonly warmupRounds: number;
}

interface Live {
  readonly row: Row;
  readonly case: Case;
  readonly tensorsBefore: number;
}

const DEFAULT_TOLERANCE = 1e-3;

/**
 * Runs one workload on every target, round-robin: in each round every target runs once, the
 * starting target rotating from round to round, so machine noise (another process, a GC pause
 * left by the previous target, thermal drift) falls on all of them alike instead of on whichever
 * ran in a bad stretch.
 */
export async function runWorkload(
  workload: Workload,
  targets: readonly Target[],
  settings: RunSettings,
): Promise<WorkloadResult> {
  // The same input numbers for every library; the seed depends on the workload and input only.
  const inputs = workload.inputs.map((shape, i) => ({
    data: normalData(sizeOf(shape), seedOf(`${workload.name}#${i}`)),
    shape,
  }));
  const rows: Row[] = [];
  const live: Live[] = [];
  const outputs = new Map<Row, Float64Array>();

  for (const target of targets) {
    const row: Row = { target, samples: [], relError: null, mismatch: false, leaked: 0 };
    const tensorsBefore = target.numTensors();
    let prepared: Case | undefined;
    try {
      await target.activate();
      // Each target gets its own copy: a library may keep the array it was given as its storage.
      const own = inputs.map((input) => ({ data: input.data.slice(), shape: input.shape }));
      const pending = target.prepare(workload, own);
      if (!pending) continue; // no setup for this library: no row
      rows.push(row);
      prepared = await pending;
      // The check run: untimed, its output compared across libraries below.
      const out = await prepared.run();
      outputs.set(row, toFloat64(prepared.canonical ? prepared.canonical(out) : out));
      live.push({ row, case: prepared, tensorsBefore });
    } catch (e) {
      row.error = message(e);
      if (!rows.includes(row)) rows.push(row); // activate() threw before the row was listed
      if (prepared) safeTeardown(prepared, row);
      row.leaked = target.numTensors() - tensorsBefore;
    }
  }

  const reference = compareOutputs(workload, outputs);

  const runOnce = async (entry: Live): Promise<number> => {
    await entry.row.target.activate();
    const t0 = performance.now();
    const r = entry.case.run();
    if (r instanceof Promise) await r;
    return performance.now() - t0;
  };
  // A target whose run throws drops out of the rest of the workload; the others carry on.
  const alive = (): Live[] => live.filter((entry) => entry.row.error === undefined);
  const round = async (index: number, timed: boolean): Promise<void> => {
    const current = alive();
    for (let k = 0; k < current.length; k++) {
      const entry = current[(index + k) % current.length]!;
      try {
        const ms = await runOnce(entry);
        if (timed) entry.row.samples.push(ms);
      } catch (e) {
        entry.row.error = message(e);
      }
    }
  };

  // Warm-up takes at most a third of the time budget (after one round): the check run already
  // warmed each target once, and a 1024² matmul on a slow backend needs seconds per round.
  const warmStart = performance.now();
  let warmupRounds = 0;
  while (warmupRounds < settings.warmup && alive().length > 0) {
    await round(warmupRounds++, false);
    if ((performance.now() - warmStart) / 1000 > settings.maxTimeS / 3) break;
  }
  const start = performance.now();
  let rounds = 0;
  while (rounds < settings.iterations && alive().length > 0) {
    await round(rounds, true);
    rounds++;
    const elapsedS = (performance.now() - start) / 1000;
    if (elapsedS > settings.maxTimeS && rounds >= settings.minIterations) break;
  }

  for (const entry of live) {
    // Teardown may compute (a held-out accuracy): on its own target's backend, like every run.
    await entry.row.target.activate();
    safeTeardown(entry.case, entry.row);
    entry.row.leaked = entry.row.target.numTensors() - entry.tensorsBefore;
  }
  return { workload, rows, reference, rounds, warmupRounds };
}

/** Compares every output with tfjs-cpu's (or the first one's); returns the reference's id. */
function compareOutputs(workload: Workload, outputs: Map<Row, Float64Array>): string | null {
  if (workload.tolerance === null || outputs.size === 0) return null;
  const tolerance = workload.tolerance ?? DEFAULT_TOLERANCE;
  const entries = [...outputs];
  const [refRow, ref] = entries.find(([row]) => row.target.id === "tfjs-cpu") ?? entries[0]!;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]!));
  for (const [row, out] of entries) {
    if (out.length !== ref.length) {
      row.error = `output has ${out.length} values, ${refRow.target.id} gave ${ref.length}`;
      continue;
    }
    let diff = 0;
    for (let i = 0; i < out.length; i++) {
      const d = Math.abs(out[i]! - ref[i]!);
      // NaN never compares greater, so catch it explicitly: a NaN output is a mismatch.
      diff = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(diff, d);
      if (diff === Number.POSITIVE_INFINITY) break;
    }
    row.relError = scale > 0 ? diff / scale : diff;
    row.mismatch = row.relError > tolerance;
  }
  return refRow.target.id;
}

function safeTeardown(c: Case, row: Row): void {
  try {
    c.teardown();
  } catch (e) {
    row.error ??= `teardown: ${message(e)}`;
  }
}

function toFloat64(out: Output): Float64Array {
  return Float64Array.from(out);
}

/** FNV-1a: a stable 32-bit seed from a string. */
function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Median, min and max of a sample (sorted copy; the mean of the middle two for an even count). */
export function summarize(samples: readonly number[]): { median: number; min: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]! };
}

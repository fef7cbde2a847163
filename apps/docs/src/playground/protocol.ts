import type { BackendChoice } from "../shared/backend.js";
import type { PlaygroundConfig } from "./config.js";
import type { PlotPoints, Snapshot } from "./session.js";

/** Page → worker. `reset` rebuilds data and model; `step` trains one epoch. */
export type ToWorker =
  | { readonly type: "reset"; readonly config: PlaygroundConfig }
  | { readonly type: "start" }
  | { readonly type: "pause" }
  | { readonly type: "step" };

/** Worker → page. */
export type FromWorker =
  | { readonly type: "backend"; readonly backend: BackendChoice }
  | { readonly type: "points"; readonly points: PlotPoints }
  | {
      readonly type: "progress";
      readonly snapshot: Snapshot;
      /** Class probabilities on the boundary grid, when recomputed (see `GRID`). */
      readonly boundary: Float32Array | null;
      readonly running: boolean;
      /** Epochs per second over the last progress interval. */
      readonly epochsPerSecond: number;
    }
  | { readonly type: "error"; readonly message: string };

/** Side of the decision-boundary grid, in cells. */
export const GRID = 50;

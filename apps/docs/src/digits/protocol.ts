import type { BackendChoice } from "../shared/backend.js";
import type { TrainProgress } from "./session.js";

/** Page → worker. URLs are absolute (the worker does not know the site's base path). */
export type ToDigitsWorker =
  | { readonly type: "init"; readonly trainUrl: string; readonly testUrl: string }
  | { readonly type: "load-url"; readonly url: string }
  | { readonly type: "load-bytes"; readonly bytes: Uint8Array; readonly name: string }
  | { readonly type: "train"; readonly epochs: number; readonly size: number }
  | { readonly type: "stop" }
  | { readonly type: "predict"; readonly pixels: Float32Array };

/** Worker → page. */
export type FromDigitsWorker =
  | { readonly type: "backend"; readonly backend: BackendChoice }
  | { readonly type: "status"; readonly text: string }
  | {
      readonly type: "model";
      readonly description: string;
      readonly testAccuracy: number;
      readonly testCount: number;
    }
  | { readonly type: "progress"; readonly progress: TrainProgress }
  | { readonly type: "prediction"; readonly probabilities: Float32Array }
  | { readonly type: "error"; readonly message: string };

import type { FoldJob, FoldOutcome, JobSettings, SearchData } from "./job.js";

/**
 * Where a worker thread gets its backend: `module` is imported in the worker (a package name
 * resolvable from `@tensorkit/train`, or better an absolute `file:` URL), `factory` is the name
 * of its export that creates the backend, registered in the worker under `name`.
 */
export interface WorkerBackend {
  readonly name: string;
  readonly module: string;
  readonly factory: string;
}

/** Messages to a search worker. */
export type ToWorker =
  | {
      readonly kind: "init";
      readonly backend: WorkerBackend;
      /** Modules imported first, e.g. ones that `registerModuleType` custom layers. */
      readonly modules: readonly string[];
    }
  | { readonly kind: "data"; readonly data: SearchData; readonly settings: JobSettings }
  | { readonly kind: "job"; readonly index: number; readonly job: FoldJob };

/** Messages from a search worker. */
export type FromWorker =
  | { readonly kind: "ready" }
  | { readonly kind: "done"; readonly index: number; readonly outcome: FoldOutcome }
  | { readonly kind: "failed"; readonly index: number; readonly message: string };

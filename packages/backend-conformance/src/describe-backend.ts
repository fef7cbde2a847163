import type { Backend } from "@tensorkit/tensor";
import * as tk from "@tensorkit/tensor";
import { afterEach, beforeAll, beforeEach, describe, expect } from "vitest";
import { conv } from "./families/conv.js";
import { creation } from "./families/creation.js";
import { elementwise } from "./families/elementwise.js";
import { gradients } from "./families/gradients.js";
import { indexing } from "./families/indexing.js";
import { kernels } from "./families/kernels.js";
import { lifecycle } from "./families/lifecycle.js";
import { linalg } from "./families/linalg.js";
import { movement } from "./families/movement.js";
import { optimizerUpdates } from "./families/optimizer-updates.js";
import { random } from "./families/random.js";
import { reductions } from "./families/reductions.js";
import { formatReport, report } from "./families/report.js";
import { softmax } from "./families/softmax.js";
import type { ConformanceOptions } from "./options.js";
import { Suite } from "./suite.js";

/**
 * Registers the conformance suite for one backend in the caller's vitest run: every op of
 * tensorkit (and so every kernel of the contract, required and optional) against reference
 * values from PyTorch and hand-computed cases, edge cases included, plus memory checks after
 * every test and a report of the optional kernels the backend specialises.
 *
 * Before the tests it registers the backend with `registerBackend(name, factory)` and makes it
 * active with `await setBackend(name)`. Call it at the top level of a test file.
 *
 * @example
 * ```ts
 * // packages/backend-mine/test/conformance.test.ts
 * import { describeBackend } from "@tensorkit/backend-conformance";
 * import { createMyBackend } from "../src/index.js";
 *
 * describeBackend("mine", createMyBackend, { skip: ["conv/conv2d groups2 matches torch, on every input layout"] });
 * ```
 */
export function describeBackend<S>(
  name: string,
  factory: () => Backend<S> | Promise<Backend<S>>,
  options: ConformanceOptions = {},
): void {
  const s = new Suite(name, options);

  describe(`backend conformance: ${name}`, () => {
    let before = { numTensors: 0, numStorages: 0 };
    const counts = () => {
      const m = tk.memory().backends[name];
      return { numTensors: m?.numTensors ?? 0, numStorages: m?.numStorages ?? 0 };
    };

    beforeAll(async () => {
      // Backend<S> is invariant in S (kernels take and return S), so the registry's erased
      // Backend<unknown> does not accept it without this one widening.
      tk.registerBackend(name, factory as tk.BackendFactory);
      s.backend = await tk.setBackend(name);
      const info = tk.listBackends().find((b) => b.name === name);
      if (info) console.info(formatReport(info));
    });

    beforeEach(() => {
      if (s.backend) before = counts();
    });

    // "No backend storage is left behind after each op": every test frees what it creates.
    afterEach(() => {
      if (!s.backend) return;
      expect(counts(), `tensors or storages of '${name}' left behind by this test`).toEqual(before);
    });

    report(s);
    kernels(s);
    creation(s);
    elementwise(s);
    reductions(s);
    movement(s);
    indexing(s);
    linalg(s);
    conv(s);
    softmax(s);
    optimizerUpdates(s);
    random(s);
    lifecycle(s);
    gradients(s);
  });
}

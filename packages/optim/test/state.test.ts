import * as tk from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { stateDictFromJSON, stateDictToJSON, type TensorJSON } from "../src/index.js";
import { fixture, makeOptimizer, makeProblem, setUpBackends } from "./helpers.js";

setUpBackends();

describe("stateDictToJSON / stateDictFromJSON", () => {
  it("a state saved as JSON text and loaded into a new optimiser resumes bit for bit", () => {
    const c = fixture().cases.adam_amsgrad_wd!;
    const run = (steps: number, opt: ReturnType<typeof makeOptimizer>, loss: () => tk.Tensor) => {
      for (let i = 0; i < steps; i++) {
        opt.zeroGrad();
        tk.tidy(() => loss().backward());
        opt.step();
      }
    };
    const full = makeProblem();
    const o1 = makeOptimizer(c, full.W, full.b, full.v);
    run(30, o1, full.loss);
    const part = makeProblem();
    const o2 = makeOptimizer(c, part.W, part.b, part.v);
    run(10, o2, part.loss);
    const text = JSON.stringify(stateDictToJSON(o2.stateDict()));
    const o3 = makeOptimizer(c, part.W, part.b, part.v);
    o3.loadStateDict(stateDictFromJSON(JSON.parse(text)));
    run(20, o3, part.loss);
    for (const k of ["W", "b", "v"] as const) expect(part[k].dataSync()).toEqual(full[k].dataSync());
    const json = JSON.parse(text);
    expect(json.state["0"].step).toBe(10);
    expect(json.state["0"].expAvg.shape).toEqual([4, 3]);
    expect(json.paramGroups[1].lr).toBe(0.025);
  });

  it("writes NaN and ±Infinity as strings and reads them back", () => {
    const t = tk.tensor([Number.NaN, Number.POSITIVE_INFINITY, -1]);
    const json = stateDictToJSON({ state: { 0: { step: 1, buf: t } }, paramGroups: [] });
    expect((json.state["0"]!.buf as TensorJSON).data).toEqual(["NaN", "Infinity", -1]);
    const back = stateDictFromJSON(JSON.parse(JSON.stringify(json)));
    expect(Array.from((back.state[0]!.buf as tk.Tensor).dataSync())).toEqual([
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -1,
    ]);
  });
});

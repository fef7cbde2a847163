import { readFileSync } from "node:fs";
import { parseSafetensors, type Tensor, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import { StateDictError } from "../src/module.js";
import { architectures, type InteropName, ourModel } from "./interop-models.js";
import { expectClose, type FixtureTensor, fixtureBytes, fromFixture } from "./layer-fixtures.js";

// tooling/fixtures/generate_interop.py: torch-NAME.* are state dicts PyTorch saved, with torch's
// outputs; ours-NAME.safetensors are tensorkit's, and ours-NAME.json holds what PyTorch computed
// after loading them with load_state_dict(strict=True).
interface InteropFixture {
  readonly keys: string[];
  readonly input: FixtureTensor;
  readonly output: FixtureTensor;
}
const fixture = (name: string): InteropFixture =>
  JSON.parse(readFileSync(new URL(`./fixtures/interop/${name}.json`, import.meta.url), "utf8"));
const stateDictFile = (name: string) =>
  parseSafetensors(fixtureBytes(`interop/${name}.safetensors`), { source: `${name}.safetensors` }).tensors;
const names = Object.keys(architectures) as InteropName[];

function disposeAll(tensors: Record<string, Tensor>): void {
  for (const t of Object.values(tensors)) t.dispose();
}

describe("PyTorch → tensorkit: state dicts saved by safetensors.torch.save_file", () => {
  for (const name of names) {
    it(`${name}: loads strictly and gives torch's outputs within 1e-5`, () => {
      const f = fixture(`torch-${name}`);
      const tensors = stateDictFile(`torch-${name}`);
      const model = architectures[name]();
      expect(Object.keys(tensors).sort()).toEqual([...f.keys].sort());
      expect(Object.keys(model.stateDict())).toEqual(f.keys); // the same names, in torch's order
      expect(model.loadStateDict(tensors, { strict: true })).toEqual({ missingKeys: [], unexpectedKeys: [] });
      model.eval();
      expectClose(
        tidy(() => model.call(fromFixture(f.input))),
        f.output,
        `${name} output`,
      );
      model.dispose();
      disposeAll(tensors);
    });
  }

  it("strict loading refuses another architecture's state dict, naming the keys", () => {
    const tensors = stateDictFile("torch-mlp");
    const model = architectures.cnn();
    expect(() => model.loadStateDict(tensors, { strict: true })).toThrow(StateDictError);
    expect(() => model.loadStateDict(tensors, { strict: true })).toThrow(/missing keys: .*1\.running_mean/);
    model.dispose();
    disposeAll(tensors);
  });
});

describe("tensorkit → PyTorch: our saved state dicts, loaded by torch", () => {
  for (const name of names) {
    it(`${name}: the committed file is what tensorkit writes, and its outputs equal torch's within 1e-5`, () => {
      const f = fixture(`ours-${name}`);
      const tensors = stateDictFile(`ours-${name}`);
      // The committed file holds today's fixed-seed weights (else rerun the fixture script).
      const fresh = ourModel(name);
      const state = fresh.stateDict();
      expect(Object.keys(tensors)).toEqual(f.keys);
      expect(Object.keys(state)).toEqual(f.keys);
      for (const [key, t] of Object.entries(state))
        expect(Array.from(tensors[key]!.dataSync()), key).toEqual(Array.from(t.dataSync()));
      fresh.dispose();
      // What a user does: load the file into the architecture and run it.
      const model = architectures[name]();
      model.loadStateDict(tensors, { strict: true });
      model.eval();
      expectClose(
        tidy(() => model.call(fromFixture(f.input))),
        f.output,
        `${name} output vs torch`,
      );
      model.dispose();
      disposeAll(tensors);
    });
  }
});

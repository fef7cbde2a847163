import type { Module } from "@tensorkit/nn";
import { defaultGenerator, Generator, type GeneratorState } from "@tensorkit/tensor";
import { ModelFileError } from "./errors.js";

/**
 * The random state a checkpoint carries, so that a resumed `fit` draws the same dropout masks
 * (and any other random numbers) as the uninterrupted run: the default generator's state and
 * that of every module with its own generator (a `Dropout` given one), by dotted module name.
 */
export interface RngState {
  readonly default: GeneratorState;
  readonly modules: Readonly<Record<string, GeneratorState>>;
}

/** The generators that `model`'s modules own, by dotted name ("" for the model itself). */
function moduleGenerators(model: Module<never[], unknown>): Map<string, Generator> {
  const out = new Map<string, Generator>();
  for (const [name, m] of model.namedModules()) {
    const g = (m as { generator?: unknown }).generator;
    if (g instanceof Generator) out.set(name, g);
  }
  return out;
}

/** The random state now: the default generator's and each module generator's. */
export function captureRngState(model: Module<never[], unknown>): RngState {
  const modules: Record<string, GeneratorState> = {};
  for (const [name, g] of moduleGenerators(model)) modules[name] = g.getState();
  return { default: defaultGenerator.getState(), modules };
}

/**
 * Checks a saved random state against `model` and returns a function that applies it (so a
 * checkpoint that does not fit changes nothing). A module generator the file does not name keeps
 * its state; a name with no generator in the model is an error.
 */
export function prepareRngRestore(
  saved: unknown,
  model: Module<never[], unknown>,
  source: string,
): () => void {
  const state = saved as Partial<RngState> | null;
  const generators = moduleGenerators(model);
  const fail = (what: string): never => {
    throw new ModelFileError(source, "unreadable", `its random-generator state ${what}`);
  };
  if (
    typeof state !== "object" ||
    state === null ||
    typeof state.modules !== "object" ||
    state.modules === null
  )
    fail("is not an object with 'default' and 'modules'");
  const checked = new Map<Generator, GeneratorState>();
  const check = (g: Generator, s: unknown, name: string) => {
    try {
      new Generator().setState(s as GeneratorState); // validates without touching g
    } catch (e) {
      fail(`for ${name} is malformed: ${(e as Error).message}`);
    }
    checked.set(g, s as GeneratorState);
  };
  check(defaultGenerator, state!.default, "the default generator");
  for (const [name, s] of Object.entries(state!.modules!)) {
    const g = generators.get(name);
    if (!g) fail(`names module '${name}', which has no generator of its own in this model`);
    check(g!, s, `module '${name}'`);
  }
  return () => {
    for (const [g, s] of checked) g.setState(s);
  };
}

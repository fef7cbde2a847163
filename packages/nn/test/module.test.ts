import { createCpuBackend } from "@tensorkit/backend-cpu";
import { memory, ones, registerBackend, relu, type Tensor, tensor, tidy, zeros } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  Linear,
  Module,
  ModuleDict,
  ModuleList,
  Parameter,
  ReLU,
  Sequential,
  StateDictError,
} from "../src/index.js";

registerBackend("cpu", createCpuBackend);

class Net extends Module {
  fc1 = new Linear(4, 8);
  act = new ReLU();
  fc2 = new Linear(8, 3, { bias: false });
  scale: Parameter;
  constructor() {
    super();
    this.scale = this.registerParameter(
      "scale",
      tidy(() => new Parameter(ones([3]))),
    );
    this.registerBuffer("steps", zeros([1]));
    this.registerBuffer("cache", zeros([2]), { persistent: false });
  }
  forward(x: Tensor): Tensor {
    return this.fc2.call(relu(this.fc1.call(x))).mul(this.scale);
  }
}

describe("Module", () => {
  it("finds parameters by registration and by property, with PyTorch's dotted names and order", () => {
    const net = new Net();
    expect(net.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ["scale", [3]],
      ["fc1.weight", [8, 4]],
      ["fc1.bias", [8]],
      ["fc2.weight", [3, 8]],
    ]);
    expect(net.namedChildren().map(([n]) => n)).toEqual(["fc1", "act", "fc2"]);
    expect(net.namedModules().map(([n]) => n)).toEqual(["", "fc1", "act", "fc2"]);
    expect(net.numParameters()).toBe(3 + 32 + 8 + 24);
    expect(net.parameters().every((p) => p.requiresGrad)).toBe(true);
    net.dispose();
  });

  it("lists persistent buffers in the state dict, and counts a shared module once", () => {
    const net = new Net();
    expect(Object.keys(net.stateDict())).toEqual(["scale", "steps", "fc1.weight", "fc1.bias", "fc2.weight"]);
    const shared = new Linear(2, 2);
    const twice = new Sequential(shared, shared);
    expect(twice.parameters()).toHaveLength(2);
    for (const m of [net, twice]) m.dispose();
  });

  it("freezes, switches train/eval mode, and applies functions children-first", () => {
    const net = new Net();
    net.fc1.requiresGrad(false);
    expect(net.numParameters({ trainableOnly: true })).toBe(3 + 24);
    net.eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.fc2.training).toBe(true);
    const order: string[] = [];
    net.apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(["Linear", "ReLU", "Linear", "Net"]);
    net.dispose();
  });

  it("loads a state dict, converting dtype and reporting keys", () => {
    const a = new Net();
    const b = new Net();
    const sd = a.stateDict();
    b.loadStateDict(sd);
    expect(b.fc1.weight.toArray()).toEqual(a.fc1.weight.toArray());
    const { scale: _scale, ...partial } = sd;
    expect(() => b.loadStateDict(partial)).toThrow(StateDictError);
    expect(() => b.loadStateDict({ ...sd, extra: zeros([1]) })).toThrow(/unexpected keys: extra/);
    const loose = b.loadStateDict({ ...partial, extra: zeros([1]) }, { strict: false });
    expect(loose).toEqual({ missingKeys: ["scale"], unexpectedKeys: ["extra"] });
    expect(() => b.loadStateDict({ ...sd, "fc1.bias": zeros([9]) })).toThrow(
      "loadStateDict: 'fc1.bias' has shape [9] in the state dict but [8] in Net",
    );
    b.loadStateDict({ ...sd, steps: tensor([3], "int32") });
    expect(b.stateDict().steps!.dtype).toBe("float32");
    expect(b.stateDict().steps!.toArray()).toEqual([3]);
    for (const m of [a, b]) m.dispose();
  });

  it("runs forward through call(), with hooks, and frees everything on dispose", () => {
    const before = memory().numTensors;
    const net = new Net();
    const seen: number[][] = [];
    const remove = net.fc1.registerForwardHook((_m, _in, out) => seen.push([...(out as Tensor).shape]));
    const y = tidy(() => net.call(ones([5, 4])));
    expect(y.shape).toEqual([5, 3]);
    expect(seen).toEqual([[5, 8]]);
    remove();
    y.dispose();
    net.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it("holds lists and dicts of modules", () => {
    const list = new ModuleList([new Linear(2, 2), new Linear(2, 3)]);
    expect(list.length).toBe(2);
    expect([...list].map((m) => (m as Linear).outFeatures)).toEqual([2, 3]);
    expect(list.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias", "1.weight", "1.bias"]);
    const dict = new ModuleDict({ a: new Linear(1, 1) });
    expect(dict.keys()).toEqual(["a"]);
    expect(() => dict.get("b")).toThrow("ModuleDict.get: no module named 'b' (have a)");
    expect(new Sequential(new Linear(2, 4), new ReLU()).toString()).toBe(
      "Sequential(\n  (0): Linear(inFeatures=2, outFeatures=4, bias=true)\n  (1): ReLU()\n)",
    );
    for (const m of [list, dict]) m.dispose();
  });

  it("names the layer and both shapes on a wrong input", () => {
    const fc = new Linear(4, 2);
    expect(() => fc.call(ones([3, 5]))).toThrow("Linear: expected input of shape [..., 4], got [3,5]");
    fc.dispose();
  });
});

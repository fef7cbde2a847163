import { createCpuBackend } from "@tensorkit/backend-cpu";
import { ones, registerBackend, relu, sum, type Tensor, tidy } from "@tensorkit/tensor";
import { describe, expect, it } from "vitest";
import {
  conv2d,
  dense,
  flatten,
  headPath,
  Linear,
  Module,
  maxPooling2d,
  ReLU,
  replaceHead,
  replaceLayer,
  Sequential,
  sequential,
} from "../src/index.js";

registerBackend("cpu", createCpuBackend);

class Net extends Module {
  body = new Sequential(new Linear(4, 6), new ReLU());
  fc = new Linear(6, 3);
  forward(x: Tensor): Tensor {
    return this.fc.call(relu(this.body.call(x)));
  }
}

describe("getSubmodule and setSubmodule", () => {
  it("finds a submodule by dotted path and names the first missing part", () => {
    const net = new Net();
    expect(net.getSubmodule("body.0")).toBe(net.body.at(0));
    expect(net.getSubmodule("")).toBe(net);
    expect(() => net.getSubmodule("body.5.weight")).toThrow(
      "getSubmodule: body (Sequential) has no submodule '5' (it has 0, 1)",
    );
    expect(() => net.getSubmodule("head")).toThrow(
      "getSubmodule: the model (Net) has no submodule 'head' (it has body, fc)",
    );
    net.dispose();
  });

  it("replaces a property-held child so forward and the state dict both use the new one", () => {
    const net = new Net();
    const old = net.setSubmodule("fc", new Linear(6, 5));
    expect(old).toBeInstanceOf(Linear);
    expect((old as Linear).outFeatures).toBe(3);
    expect(net.fc.outFeatures).toBe(5);
    expect(tidy(() => net.call(ones([2, 4])).shape)).toEqual([2, 5]);
    expect(net.stateDict()["fc.weight"]!.shape).toEqual([5, 6]);
    old.dispose();
    net.dispose();
  });

  it("replaces a layer inside a Sequential, which then runs the new layer", () => {
    const net = new Net();
    net.setSubmodule("body.1", new Linear(6, 6, { bias: false }));
    expect(net.namedParameters().map(([n]) => n)).toEqual([
      "body.0.weight",
      "body.0.bias",
      "body.1.weight",
      "fc.weight",
      "fc.bias",
    ]);
    const out = tidy(() => net.call(ones([1, 4])).shape);
    expect(out).toEqual([1, 3]);
    net.dispose();
  });
});

describe("headPath, replaceHead, replaceLayer", () => {
  it("a Keras-style classifier: the last layer with weights is the head; its Softmax stays", () => {
    const model = sequential([
      dense(8, { activation: "relu", inputShape: [4] }),
      dense(3, { activation: "softmax" }),
    ]);
    expect(headPath(model)).toBe("2");
    model.trainable = false;
    const old = replaceHead(model, 5);
    expect((old as Linear).outFeatures).toBe(3);
    expect(model.layers.map((l) => l.constructor.name)).toEqual(["Linear", "ReLU", "Linear", "Softmax"]);
    const head = model.at(2) as Linear;
    expect([head.inFeatures, head.outFeatures, head.trainable]).toEqual([8, 5, true]);
    expect(model.parameters().map((p) => p.requiresGrad)).toEqual([false, false, true, true]);
    const rowSums = tidy(() => sum(model.call(ones([3, 4])), -1).toArray() as number[]);
    for (const s of rowSums) expect(s).toBeCloseTo(1, 6);
    old.dispose();
    model.dispose();
  });

  it("builds a layer spec for the shape that reaches the head, also with a hand-made Sequential", () => {
    const byHand = new Sequential(new Linear(4, 7), new ReLU(), new Linear(7, 2));
    replaceHead(byHand, dense(3, { activation: "relu" })).dispose();
    const head = byHand.at(2) as Sequential;
    expect(head.layers.map((l) => l.constructor.name)).toEqual(["Linear", "ReLU"]);
    expect((head.at(0) as Linear).inFeatures).toBe(7);
    expect(headPath(byHand)).toBe("2.0");
    byHand.dispose();
  });

  it("finds a named head (fc) in a module that is not a Sequential, and refuses to guess otherwise", () => {
    const net = new Net();
    expect(headPath(net)).toBe("fc");
    replaceHead(net, 2).dispose();
    expect(tidy(() => net.call(ones([1, 4])).shape)).toEqual([1, 2]);
    class Plain extends Module {
      a = new Linear(2, 2);
      forward(x: Tensor): Tensor {
        return this.a.call(x);
      }
    }
    const plain = new Plain();
    expect(() => headPath(plain)).toThrow(
      "headPath: Plain is not a Sequential and has no child named head, fc, classifier, output (its children: a); pass { path } to name the head",
    );
    replaceHead(plain, 4, { path: "a" }).dispose();
    expect((plain.a as Linear).outFeatures).toBe(4);
    for (const m of [net, plain]) m.dispose();
  });

  it("replaceLayer in a CNN probes the flattened size that reaches a dense layer", () => {
    const cnn = sequential(
      [conv2d(2, 3, { activation: "relu" }), maxPooling2d(2), flatten(), dense(6), dense(2)],
      { inputShape: [1, 10, 10] },
    );
    // conv 3×3 → [2, 8, 8], pool → [2, 4, 4], flatten → 32
    replaceLayer(cnn, "4", dense(9)).dispose();
    expect((cnn.at(4) as Linear).inFeatures).toBe(32);
    // The layer after it still takes 6 inputs: the probe says so rather than building blindly.
    expect(() => replaceLayer(cnn, "5", dense(2))).toThrow(
      "replaceLayer: the forward pass on an input of shape [batch, 1, 10, 10] failed: Linear: expected input of shape [..., 6], got [2,9]",
    );
    const conv = new Sequential(new Linear(4, 4), new ReLU());
    expect(() => replaceLayer(conv, "1", dense(2))).toThrow(
      "replaceLayer: cannot tell what shape reaches '1' (ReLU); pass { inputShape }",
    );
    for (const m of [cnn, conv]) m.dispose();
  });
});

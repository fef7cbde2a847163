import type { Tensor } from "@tensorkit/tensor";
import type { AttributeValue, NodeSpec, TensorSpec } from "./onnx-proto.js";

/** Collects the nodes and initializers of the graph being exported, with unique names. */
export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  readonly #names = new Set<string>();

  constructor(
    /** The opset being targeted: converters pick ops by it (Gelu needs 20). */
    readonly opset: number,
  ) {}

  /** A name not used yet in the graph: `base`, else `base_1`, `base_2`, … */
  unique(base: string): string {
    let name = base;
    for (let i = 1; this.#names.has(name); i++) name = `${base}_${i}`;
    this.#names.add(name);
    return name;
  }

  /** A float32 initializer from a parameter or buffer (float64 weights are rounded to float32). */
  weight(name: string, t: Tensor): string {
    return this.floats(name, [...t.shape], Float32Array.from(t.dataSync() as ArrayLike<number>));
  }

  /** A float32 initializer from values. */
  floats(name: string, dims: readonly number[], data: Float32Array): string {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dims, data });
    return unique;
  }

  /** An int64 initializer (a shape for Reshape). */
  ints(name: string, values: readonly number[]): string {
    const unique = this.unique(name);
    this.initializers.push({ name: unique, dims: [values.length], data: BigInt64Array.from(values, BigInt) });
    return unique;
  }

  /** Adds a node named `/<path>/<opType>` and returns the name of its one output. */
  node(
    path: string,
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
  ): string {
    const name = this.unique(`/${path}/${opType}`);
    const output = this.unique(`${name}_output`);
    this.nodes.push({ opType, inputs, outputs: [output], name, attributes });
    return output;
  }

  /** Renames the value `from` (the output of the last node) to the graph output `to`. */
  renameOutput(from: string, to: string): void {
    const producer = this.nodes.find((n) => n.outputs.includes(from));
    if (!producer) {
      this.nodes.push({ opType: "Identity", inputs: [from], outputs: [to], name: this.unique("/Identity") });
      return;
    }
    const index = this.nodes.indexOf(producer);
    this.nodes[index] = { ...producer, outputs: producer.outputs.map((o) => (o === from ? to : o)) };
    for (const [i, n] of this.nodes.entries())
      if (n.inputs.includes(from))
        this.nodes[i] = { ...n, inputs: n.inputs.map((x) => (x === from ? to : x)) };
  }
}

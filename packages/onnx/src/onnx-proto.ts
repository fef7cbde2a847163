import { ProtoWriter } from "./protobuf.js";

/**
 * The subset of ONNX's protobuf schema (onnx/onnx.proto3) that an exported inference graph uses,
 * with its field numbers. Only writing is needed.
 */

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;

/** An initializer (a constant tensor of the graph): float32 weights or int64 shapes. */
export interface TensorSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

/** A node attribute value: an int, a float, a list of ints, or a string. */
export type AttributeValue = number | readonly number[] | string | { readonly float: number };

/** One NodeProto. */
export interface NodeSpec {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A graph input or output: a float tensor whose dims are sizes or symbolic names (`"batch"`). */
export interface ValueSpec {
  readonly name: string;
  readonly dims: readonly (number | string)[];
}

/** What {@link encodeModel} writes. */
export interface ModelSpec {
  readonly irVersion: number;
  readonly opset: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly graphName: string;
  readonly docString?: string;
  readonly nodes: readonly NodeSpec[];
  readonly initializers: readonly TensorSpec[];
  readonly inputs: readonly ValueSpec[];
  readonly outputs: readonly ValueSpec[];
  readonly metadata?: Readonly<Record<string, string>>;
}

function tensorProto(t: TensorSpec): ProtoWriter {
  const w = new ProtoWriter().packedInts(1, t.dims); // dims
  w.int(2, t.data instanceof Float32Array ? DataType.FLOAT : DataType.INT64); // data_type
  w.string(8, t.name); // name
  return w.bytes(9, littleEndian(t.data)); // raw_data
}

/** raw_data is little-endian whatever the host's byte order. */
function littleEndian(data: Float32Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    if (data instanceof Float32Array) view.setFloat32(i * 4, data[i]!, true);
    else view.setBigInt64(i * 8, data[i]!, true);
  }
  return out;
}

// AttributeProto.AttributeType
const FLOAT = 1;
const INT = 2;
const STRING = 3;
const INTS = 7;

function attribute(name: string, value: AttributeValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if (typeof value === "number") return w.int(3, value).int(20, INT);
  if (typeof value === "string") return w.string(4, value).int(20, STRING);
  if (Array.isArray(value)) return w.packedInts(8, value).int(20, INTS);
  return w.float(2, (value as { float: number }).float).int(20, FLOAT);
}

function node(n: NodeSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.opType);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(5, attribute(k, v));
  return w;
}

function valueInfo(v: ValueSpec): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims)
    shape.message(1, typeof d === "number" ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, DataType.FLOAT).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

/** The bytes of an ONNX ModelProto. */
export function encodeModel(m: ModelSpec): Uint8Array {
  const graph = new ProtoWriter();
  for (const n of m.nodes) graph.message(1, node(n));
  graph.string(2, m.graphName);
  for (const t of m.initializers) graph.message(5, tensorProto(t));
  for (const i of m.inputs) graph.message(11, valueInfo(i));
  for (const o of m.outputs) graph.message(12, valueInfo(o));
  const model = new ProtoWriter().int(1, m.irVersion).string(2, m.producerName).string(3, m.producerVersion);
  if (m.docString) model.string(6, m.docString);
  model.message(7, graph);
  model.message(8, new ProtoWriter().string(1, "").int(2, m.opset)); // the default domain, ai.onnx
  for (const [key, value] of Object.entries(m.metadata ?? {}))
    model.message(14, new ProtoWriter().string(1, key).string(2, value));
  return model.finish();
}

import { constant, type WasmExports } from "./exports.js";

/**
 * The fields of the module's geometry block (assembly/geometry.ts), which convolution and pooling
 * kernels read instead of a long parameter list. Their word indices are read from the module's
 * exported `G_*` constants, so host and kernels cannot drift apart.
 */
const FIELDS = [
  "N",
  "C",
  "H",
  "W",
  "O",
  "KH",
  "KW",
  "OH",
  "OW",
  "STRIDE_H",
  "STRIDE_W",
  "TOP",
  "LEFT",
  "DIL_H",
  "DIL_W",
  "GROUPS",
  "XSN",
  "XSC",
  "XSH",
  "XSW",
  "DSN",
  "DSC",
  "DSH",
  "DSW",
  "INCLUDE_PAD",
] as const;

/** One call's geometry; fields a kernel does not read may be left out (they are written as 0). */
export type Geometry = Partial<Record<(typeof FIELDS)[number], number>>;

export class GeometryBlock {
  private readonly word: number;
  private readonly words: number;
  private readonly index: Record<string, number> = {};

  constructor(exports: WasmExports) {
    this.word = constant(exports, "GEOMETRY") >> 2;
    this.words = constant(exports, "GEOMETRY_WORDS");
    for (const f of FIELDS) this.index[f] = constant(exports, `G_${f}`);
  }

  /** Writes `g` into the block (call after the last allocation: growth detaches `mem`). */
  write(mem: Int32Array, g: Geometry): void {
    mem.fill(0, this.word, this.word + this.words);
    for (const [field, value] of Object.entries(g)) mem[this.word + this.index[field]!] = value;
  }
}

/** The window fields of a geometry: stride, top and left padding (the kernels need no more), dilation. */
export function windowFields(o: {
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number, number, number];
  readonly dilation: readonly [number, number];
}): Geometry {
  return {
    STRIDE_H: o.stride[0],
    STRIDE_W: o.stride[1],
    TOP: o.padding[0],
    LEFT: o.padding[2],
    DIL_H: o.dilation[0],
    DIL_W: o.dilation[1],
  };
}

/** The NCHW strides of `x` (`"X"`: XSN … XSW) or of `dy` (`"D"`: DSN … DSW). */
export function strideFields(which: "X" | "D", [n, c, h, w]: readonly number[]): Geometry {
  return { [`${which}SN`]: n, [`${which}SC`]: c, [`${which}SH`]: h, [`${which}SW`]: w };
}

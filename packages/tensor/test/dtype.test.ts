import { describe, expect, it } from "vitest";
import {
  allocHostArray,
  bytesPerElement,
  dtypeOfArray,
  floatDTypeFor,
  promoteTypes,
  promoteWithScalar,
} from "../src/core/dtype.js";

describe("dtypes", () => {
  it("promotes between tensors as PyTorch does", () => {
    expect(promoteTypes("bool", "int32")).toBe("int32");
    expect(promoteTypes("int32", "float32")).toBe("float32");
    expect(promoteTypes("float32", "float64")).toBe("float64");
    expect(promoteTypes("bool", "bool")).toBe("bool");
  });

  it("lets JS numbers widen only across kinds", () => {
    // torch.tensor([1], dtype=torch.int32) + 2 -> int32; + 2.5 -> float32; bool + 1 -> int64 (int32 here)
    expect(promoteWithScalar("int32", 2)).toBe("int32");
    expect(promoteWithScalar("int32", 2.5)).toBe("float32");
    expect(promoteWithScalar("float64", 2.5)).toBe("float64");
    expect(promoteWithScalar("bool", 1)).toBe("int32");
    expect(promoteWithScalar("bool", true)).toBe("bool");
    expect(promoteWithScalar("float32", 3)).toBe("float32");
  });

  it("maps dtypes to host arrays and sizes", () => {
    expect(allocHostArray("bool", 3)).toBeInstanceOf(Uint8Array);
    expect(allocHostArray("float64", 1)).toBeInstanceOf(Float64Array);
    expect(dtypeOfArray(new Int32Array(1))).toBe("int32");
    expect(bytesPerElement("float64")).toBe(8);
    expect(bytesPerElement("bool")).toBe(1);
    expect(floatDTypeFor("int32")).toBe("float32");
    expect(floatDTypeFor("float64")).toBe("float64");
  });
});

import { ValueError } from "@tensorkit/tensor";

/**
 * A transformer as JSON: its class, constructor options and fitted state (`null` before `fit`).
 * `JSON.stringify(scaler)` writes it (through `toJSON`); `StandardScaler.fromJSON(json)` or
 * {@link transformerFromJSON} reads it back.
 */
export interface TransformerJSON {
  readonly type: string;
  readonly version: 1;
  readonly params: Readonly<Record<string, unknown>>;
  readonly state: Readonly<Record<string, unknown>> | null;
}

/** JSON has no NaN or ±Infinity: they are written as the strings "NaN", "Infinity", "-Infinity". */
export function encodeNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** Reverses {@link encodeNumber}. */
export function decodeNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return Number.NaN;
  if (v === "Infinity") return Number.POSITIVE_INFINITY;
  if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
  throw new ValueError(`fromJSON: expected a number, got ${JSON.stringify(v)}`);
}

/** A list of numbers with {@link encodeNumber}. */
export function encodeNumbers(a: readonly number[]): (number | string)[] {
  return a.map(encodeNumber);
}

/** Reverses {@link encodeNumbers}. */
export function decodeNumbers(a: unknown): number[] {
  if (!Array.isArray(a))
    throw new ValueError(`fromJSON: expected a list of numbers, got ${JSON.stringify(a)}`);
  return a.map(decodeNumber);
}

/** Encodes a cell: missing numbers as "NaN" need a marker distinct from the category "NaN". */
export function encodeValue(v: unknown): unknown {
  return typeof v === "number" && !Number.isFinite(v) ? { number: String(v) } : v;
}

/** Reverses {@link encodeValue}. */
export function decodeValue(v: unknown): number | string | null {
  if (v !== null && typeof v === "object" && "number" in v)
    return decodeNumber((v as { number: unknown }).number);
  if (v === null || typeof v === "number" || typeof v === "string") return v;
  throw new ValueError(`fromJSON: expected a number, string or null, got ${JSON.stringify(v)}`);
}

/** Parses a JSON string or passes an object through, and checks the `type`. */
export function readJSON(json: unknown, type: string): TransformerJSON {
  const obj = typeof json === "string" ? (JSON.parse(json) as unknown) : json;
  if (obj === null || typeof obj !== "object" || (obj as { type?: unknown }).type !== type)
    throw new ValueError(
      `${type}.fromJSON: expected the JSON of a ${type}, got ${
        obj !== null && typeof obj === "object"
          ? `type ${JSON.stringify((obj as { type?: unknown }).type)}`
          : typeof obj
      }`,
    );
  return obj as TransformerJSON;
}

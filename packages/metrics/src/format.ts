/**
 * `x` with `digits` decimals, exactly as Python's `format(x, ".{digits}f")`: `nan`, `inf`, and a
 * value exactly halfway between two outputs rounded to the even one (`0.125` → `0.12`, where
 * JavaScript's `toFixed` gives `0.13`).
 *
 * @example
 * ```ts
 * pyFixed(0.125, 2); // "0.12"
 * ```
 */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const plain = x.toFixed(digits);
  // toFixed rounds the exact binary value to nearest, ties away from zero; only an exact tie can
  // differ from Python. The exact expansion of a tie ends in 5 then zeros at digits + 1.
  const long = Math.abs(x).toFixed(Math.min(100, digits + 40));
  const tail = long.slice(long.indexOf(".") + 1 + digits);
  if (!/^50*$/.test(tail)) return plain;
  const truncated = long.slice(0, long.indexOf(".") + 1 + digits).replace(/\.$/, "");
  const lastDigit = Number(truncated[truncated.length - 1]);
  if (lastDigit % 2 === 0) return (x < 0 ? "-" : "") + truncated;
  return plain;
}

/**
 * Exact money. Prices are integer micro-units per million tokens, so tokens x price is an exact amount in
 * pico-units (1e-12 of the currency); a discount in basis points divides that by 10 000, so every amount the
 * gateway computes is an exact integer number of atto-units (1e-18 of the currency). Amounts are `bigint`
 * atto-units inside; records carry rounded micros plus the exact picos as a decimal string.
 */

const ATTOS_PER_PICO = 1_000_000n;
const ATTOS_PER_MICRO = 1_000_000_000_000n;

/** Half-up rounding of a non-negative amount to whole micro-units. */
export function roundAttosToMicros(attos: bigint): bigint {
  if (attos < 0n) throw new RangeError('money amounts are never negative');
  return (attos + ATTOS_PER_MICRO / 2n) / ATTOS_PER_MICRO;
}

/** Exact pico-units as a decimal string: "1", "0.9", "1234.5678". */
export function formatAttosAsPicos(attos: bigint): string {
  return formatScaled(attos, 6);
}

/** Currency units with six decimals, rounded half-up to the micro: "0.000123". */
export function formatAttosAsAmount(attos: bigint): string {
  const micros = roundAttosToMicros(attos);
  const whole = micros / 1_000_000n;
  const fraction = (micros % 1_000_000n).toString().padStart(6, '0');
  return `${whole}.${fraction}`;
}

const picosPattern = /^(\d+)(?:\.(\d{1,6}))?$/;

/** Parses what formatAttosAsPicos wrote (e.g. a record's `cost.picos`) back to atto-units, exactly. */
export function parsePicosToAttos(picos: string): bigint {
  const match = picosPattern.exec(picos);
  if (!match) throw new RangeError(`"${picos}" is not a non-negative decimal amount of picos`);
  const fraction = (match[2] ?? '').padEnd(6, '0');
  return BigInt(match[1]) * ATTOS_PER_PICO + BigInt(fraction);
}

function formatScaled(value: bigint, decimals: number): string {
  if (value < 0n) throw new RangeError('money amounts are never negative');
  const scale = 10n ** BigInt(decimals);
  const whole = value / scale;
  const fraction = (value % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

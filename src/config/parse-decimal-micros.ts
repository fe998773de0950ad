/**
 * Exact decimal text ("0.33", "12", "0.000001") to integer micro-units (330000, 12000000, 1), with no binary
 * floating point on the way. The schema has already checked the text has at most six fractional digits.
 */
export function parseDecimalMicros(text: string): number {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a decimal with at most 6 fractional digits`);
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(6, '0'));
  const micros = whole * 1_000_000 + fraction;
  if (!Number.isSafeInteger(micros)) throw new RangeError(`"${text}" is too large`);
  return micros;
}

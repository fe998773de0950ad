/**
 * Shape checks shared by the compiled request checks (accept-common-*-request.ts), which may only ever accept what
 * their zod schema accepts unchanged.
 */

export type JsonRecord = Record<string, unknown>;

const hasOwn = Object.prototype.hasOwnProperty;

/** A plain JSON object; zod drops an own `__proto__` member from its output, so such an object is left to zod. */
export function isPlainJsonRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !hasOwn.call(value, '__proto__');
}

/** Every own key of `value` is one of `allowed`. */
export function hasOnlyKeys(value: JsonRecord, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (hasOwn.call(value, key) && !allowed.has(key)) return false;
  return true;
}

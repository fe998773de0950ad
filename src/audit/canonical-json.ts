/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers as ECMAScript prints them
 * (RFC 8785 style). The audit hash chain hashes this text, so the same record always yields the same bytes.
 * Properties whose value is `undefined` are left out, as JSON.stringify does; anything that JSON cannot carry
 * exactly (non-finite numbers, bigint, functions, class instances) is refused rather than silently changed.
 */

export function canonicalJson(value: unknown): string {
  try {
    return write(value);
  } catch (error) {
    // The writer keeps no path (it would cost a string per member of every record); a refused value is found
    // again by a walk that does, so the message names where it is.
    if (error instanceof TypeError) throw new TypeError(`canonical JSON: ${describeRefusal(value, '$') ?? error.message}`);
    throw error;
  }
}

/** Object keys as JSON strings; audit records use a small, fixed set of member names. */
const quotedKeys = new Map<string, string>();
const MAX_QUOTED_KEYS = 1024;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('not a finite number');
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value) : writeObject(value);
    default:
      throw new TypeError(`a ${typeof value}, which JSON cannot carry`);
  }
}

function writeArray(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += write(items[i] === undefined ? null : items[i]);
  }
  return `${out}]`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function writeObject(value: object): string {
  if (!isPlainObject(value)) throw new TypeError('not a plain object');
  const record = value as Record<string, unknown>;
  let out = '{';
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as canonical JSON requires.
  for (const key of Object.keys(record).sort()) {
    const inner = record[key];
    if (inner === undefined) continue;
    if (out.length > 1) out += ',';
    out += quotedKey(key);
    out += ':';
    out += write(inner);
  }
  return `${out}}`;
}

/** Where `value` holds what canonical JSON refuses, and why (`$.a[1] is not a finite number`); undefined if nowhere. */
function describeRefusal(value: unknown, path: string): string | undefined {
  if (value === null) return undefined;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is not a finite number`;
    case 'object': {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const found = describeRefusal(value[i] === undefined ? null : value[i], `${path}[${i}]`);
          if (found) return found;
        }
        return undefined;
      }
      if (!isPlainObject(value)) return `${path} is not a plain object`;
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record).sort()) {
        if (record[key] === undefined) continue;
        const found = describeRefusal(record[key], `${path}.${key}`);
        if (found) return found;
      }
      return undefined;
    }
    default:
      return `${path} is a ${typeof value}, which JSON cannot carry`;
  }
}

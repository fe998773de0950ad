/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers as ECMAScript prints them
 * (RFC 8785 style). The audit hash chain hashes this text, so the same record always yields the same bytes.
 * Properties whose value is `undefined` are left out, as JSON.stringify does; anything that JSON cannot carry
 * exactly (non-finite numbers, bigint, functions, class instances) is refused rather than silently changed.
 */

export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON: ${path} is not a finite number`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value, path) : writeObject(value, path);
    default:
      throw new TypeError(`canonical JSON: ${path} is a ${typeof value}, which JSON cannot carry`);
  }
}

function writeArray(items: readonly unknown[], path: string): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += write(items[i] === undefined ? null : items[i], `${path}[${i}]`);
  }
  return `${out}]`;
}

function writeObject(value: object, path: string): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`canonical JSON: ${path} is not a plain object`);
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units, as canonical JSON requires.
  for (const key of Object.keys(record).sort()) {
    const inner = record[key];
    if (inner === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${write(inner, `${path}.${key}`)}`;
  }
  return `${out}}`;
}

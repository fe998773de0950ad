/**
 * A member of a body that came from JSON.parse is JSON: these give it the canonical type without copying it. Only
 * for values read from a parsed JSON body (zod's `z.record(z.unknown())` / `z.unknown()` of such a body).
 */
import type { JsonObject, JsonValue } from './inference-json.js';

export function asJsonObject(value: Record<string, unknown>): JsonObject {
  return value as JsonObject;
}

export function asJsonValue(value: unknown): JsonValue {
  return value === undefined ? null : (value as JsonValue);
}

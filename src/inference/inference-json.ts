/**
 * JSON values as the canonical model carries them: JSON Schemas, tool inputs, provider options. Typed so that
 * nothing at the extension points is `any`.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Structured output in the simulator: when a request asks for JSON valid for a schema (OpenAI `response_format`,
 * Converse `outputConfig.textFormat`, Anthropic `output_config.format`), the text answer is a deterministic JSON
 * value built from the schema, so a test through the gateway can check that the schema reached the upstream and the
 * answer came back intact. Covers the JSON Schema members models are usually given: type, properties, required,
 * items, enum, const, anyOf/oneOf, minimum, minItems. Pure.
 */
import type { SimCompletion } from './sim-completion.js';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstType(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null') ?? 'null';
  if (isSchema(schema.properties)) return 'object';
  return undefined;
}

/** A value valid for `schema` (deterministic; depth-limited so recursive schemas end). */
export function sampleJsonForSchema(schema: unknown, depth = 0): unknown {
  if (!isSchema(schema) || depth > 8) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const alternatives = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (alternatives && alternatives.length > 0) return sampleJsonForSchema(alternatives[0], depth + 1);
  switch (firstType(schema)) {
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {};
      const value: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(properties)) value[name] = sampleJsonForSchema(property, depth + 1);
      return value;
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' && schema.minItems > 1 ? schema.minItems : 1;
      return Array.from({ length: count }, () => sampleJsonForSchema(schema.items, depth + 1));
    }
    case 'string':
      return typeof schema.minLength === 'number' && schema.minLength > 3 ? 's'.repeat(schema.minLength) : 'sim';
    case 'integer':
      return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 1;
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1.5;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** The completion with its text replaced by JSON for `schema` (a tool call stays a tool call). */
export function applyStructuredOutput(completion: SimCompletion, schema: unknown): SimCompletion {
  if (schema === undefined || completion.kind !== 'text') return completion;
  const text = JSON.stringify(sampleJsonForSchema(schema));
  const tokens = text.match(/.{1,4}/gs) ?? [text];
  return { ...completion, tokens, finish: 'stop', outputTokens: tokens.length };
}

/** Converse `outputConfig.textFormat.structure.jsonSchema.schema` (JSON text), parsed; undefined when absent. */
export function converseOutputSchema(body: Record<string, unknown>): unknown {
  const outputConfig = body.outputConfig;
  if (!isSchema(outputConfig) || !isSchema(outputConfig.textFormat) || !isSchema(outputConfig.textFormat.structure)) return undefined;
  const jsonSchema = outputConfig.textFormat.structure.jsonSchema;
  if (!isSchema(jsonSchema) || typeof jsonSchema.schema !== 'string') return undefined;
  try {
    return JSON.parse(jsonSchema.schema) as unknown;
  } catch {
    return undefined;
  }
}

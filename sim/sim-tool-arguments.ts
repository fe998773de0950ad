/**
 * A simulated tool call's arguments: the tool's required properties, each a deterministic value valid for its
 * schema (`sampleJsonForSchema`, as structured output), so a test through the gateway can check that the tool's
 * schema reached the upstream and the arguments came back intact. `{}` for a tool that requires nothing. Pure.
 */
import { sampleJsonForSchema } from './sim-structured-output.js';

export function sampleToolArguments(schema: unknown): Record<string, unknown> {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return {};
  const { properties, required } = schema as { properties?: unknown; required?: unknown };
  if (typeof properties !== 'object' || properties === null || !Array.isArray(required)) return {};
  const byName = properties as Record<string, unknown>;
  const value: Record<string, unknown> = {};
  for (const name of required) {
    if (typeof name === 'string' && name in byName) value[name] = sampleJsonForSchema(byName[name]);
  }
  return value;
}

/** Input schemas by tool name, from `[name, schema]` pairs as a protocol declares its tools. */
export function toolInputSchemasOf(tools: ReadonlyArray<readonly [string | undefined, unknown]>): Readonly<Record<string, unknown>> {
  return Object.fromEntries(tools.filter((tool): tool is readonly [string, unknown] => tool[0] !== undefined && tool[1] !== undefined));
}

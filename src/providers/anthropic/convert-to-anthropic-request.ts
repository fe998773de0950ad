/**
 * The body an Anthropic Messages upstream gets, from the two inbound shapes that carry Anthropic's request:
 * an `anthropic-messages` body (the fast path: only the model id is substituted) and a Bedrock Claude InvokeModel
 * body (`anthropic_version` dropped, `model` and `stream` added). `anthropic_beta` in either becomes the
 * `anthropic-beta` header. Pure.
 */
export interface AnthropicUpstreamRequest {
  body: Record<string, unknown>;
  /** For the `anthropic-beta` header; empty when none. */
  betas: string[];
}

function betasOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((beta): beta is string => typeof beta === 'string' && beta !== '') : [];
}

export function convertMessagesBodyToAnthropicRequest(body: Readonly<Record<string, unknown>>, upstreamModel: string, stream: boolean): AnthropicUpstreamRequest {
  const { anthropic_beta: betas, ...rest } = body;
  return { body: { ...rest, model: upstreamModel, ...(stream ? { stream: true } : { stream: false }) }, betas: betasOf(betas) };
}

export function convertBedrockBodyToAnthropicRequest(body: Readonly<Record<string, unknown>>, upstreamModel: string, stream: boolean): AnthropicUpstreamRequest {
  const { anthropic_version: _version, anthropic_beta: betas, ...rest } = body;
  return { body: { model: upstreamModel, ...rest, stream }, betas: betasOf(betas) };
}

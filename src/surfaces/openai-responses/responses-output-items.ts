/**
 * The output items of a Responses answer (`message`, `function_call`, `reasoning`) and the response object that
 * carries them, shaped as the openai SDK's `Response` types (node_modules/openai/resources/responses). Shared by
 * the JSON renderer and the stream renderer, so a streamed answer ends in exactly the object a JSON one is. Pure.
 */
import type { InferenceTokenLogprob } from '../../inference/inference-result.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { ResponsesRequest } from './responses-request-schema.js';
import type { ResponsesToolNames } from './responses-tool-names.js';

/** What a renderer needs of its request: the echo, the tool names, the ids. */
export interface ResponsesRenderInput {
  request: ResponsesRequest;
  /** The request's `tools` and `tool_choice` exactly as sent, echoed back. */
  rawTools: unknown[];
  rawToolChoice: unknown;
  names: ResponsesToolNames;
  responseId: string;
  createdAt: number;
  /** The model id the caller asked for. */
  model: string;
  /** Whether the gateway's response store keeps this response. */
  store: boolean;
  /** Reasoning signatures go back as `encrypted_content` only when the request includes `reasoning.encrypted_content`. */
  includeEncryptedReasoning: boolean;
}

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: Array<{ token: string; logprob: number; bytes: number[]; top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }> }>;
}

export type ResponsesItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface ResponsesMessageOutput {
  id: string;
  type: 'message';
  status: ResponsesItemStatus;
  role: 'assistant';
  content: ResponsesOutputText[];
}

export interface ResponsesFunctionCallOutput {
  id: string;
  type: 'function_call';
  status: ResponsesItemStatus;
  arguments: string;
  call_id: string;
  name: string;
  namespace?: string;
}

export interface ResponsesReasoningOutput {
  id: string;
  type: 'reasoning';
  status?: ResponsesItemStatus;
  summary: Array<{ type: 'summary_text'; text: string }>;
  content?: Array<{ type: 'reasoning_text'; text: string }>;
  encrypted_content?: string | null;
}

export type ResponsesOutputItem = ResponsesMessageOutput | ResponsesFunctionCallOutput | ResponsesReasoningOutput;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponsesObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  background: false;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  model: string;
  output: ResponsesOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  prompt_cache_key: string | null;
  reasoning: { effort: string | null; summary: string | null };
  safety_identifier: string | null;
  service_tier: string;
  store: boolean;
  temperature: number | null;
  text: { format: unknown; verbosity: string };
  tool_choice: unknown;
  tools: unknown[];
  top_logprobs: number;
  top_p: number | null;
  truncation: string;
  usage: ResponsesUsage | null;
  user: string | null;
  metadata: Record<string, string>;
}

/** Item ids in OpenAI's style, derived from the response id: `msg_<id>_0`, `fc_<id>_1`, `rs_<id>_2`. */
export function outputItemId(input: ResponsesRenderInput, kind: 'msg' | 'fc' | 'rs', outputIndex: number): string {
  return `${kind}_${input.responseId.replace(/^resp_/, '')}_${outputIndex}`;
}

export function renderLogprobs(tokens: readonly InferenceTokenLogprob[]): ResponsesOutputText['logprobs'] {
  return tokens.map((t) => ({
    token: t.token,
    logprob: t.logprob,
    bytes: t.bytes ?? [...Buffer.from(t.token, 'utf8')],
    top_logprobs: t.topLogprobs.map((top) => ({ token: top.token, logprob: top.logprob, bytes: top.bytes ?? [...Buffer.from(top.token, 'utf8')] })),
  }));
}

export function renderUsage(usage: InferenceUsage): ResponsesUsage {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadInputTokens ?? 0, cache_write_tokens: usage.cacheWriteInputTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

export function functionCallItem(input: ResponsesRenderInput, id: string, call: { id: string; name: string; input: string }, status: ResponsesItemStatus): ResponsesFunctionCallOutput {
  const { name, namespace } = input.names.fromCanonical(call.name);
  return { id, type: 'function_call', status, arguments: call.input, call_id: call.id, name, ...(namespace === undefined ? {} : { namespace }) };
}

/**
 * A reasoning summary asked for as detailed as there is (`auto`: the most detailed available, `detailed`): the
 * reasoning itself, verbatim, is that summary, so it comes back as the item's `summary`, not its `content`. A
 * `concise` summary is not produced here (the converter names it).
 */
export function summarizesReasoning(input: ResponsesRenderInput): boolean {
  const asked = input.request.reasoning?.summary ?? input.request.reasoning?.generate_summary;
  return asked === 'auto' || asked === 'detailed';
}

export function reasoningItem(input: ResponsesRenderInput, id: string, text: string | undefined, encrypted: string | undefined, status: ResponsesItemStatus): ResponsesReasoningOutput {
  const item: ResponsesReasoningOutput = { id, type: 'reasoning', status, summary: [] };
  if (text !== undefined && summarizesReasoning(input)) item.summary = [{ type: 'summary_text', text }];
  else if (text !== undefined) item.content = [{ type: 'reasoning_text', text }];
  // Encrypted reasoning with no text is all there is of the block: it always goes back, or the turn could not be replayed.
  if (encrypted !== undefined && (input.includeEncryptedReasoning || text === undefined)) item.encrypted_content = encrypted;
  return item;
}

/** The response object around `output`, echoing what the request asked for. */
export function responseObject(input: ResponsesRenderInput, status: ResponsesStatus, output: ResponsesOutputItem[], usage: InferenceUsage | undefined, serviceTier?: string): ResponsesObject {
  const { request } = input;
  return {
    id: input.responseId,
    object: 'response',
    created_at: input.createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    model: input.model,
    output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? request.reasoning?.generate_summary ?? null },
    safety_identifier: request.safety_identifier ?? null,
    service_tier: serviceTier ?? request.service_tier ?? 'default',
    store: input.store,
    temperature: request.temperature ?? null,
    text: { format: request.text?.format ?? { type: 'text' }, verbosity: request.text?.verbosity ?? 'medium' },
    tool_choice: input.rawToolChoice ?? 'auto',
    tools: input.rawTools,
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? null,
    truncation: request.truncation ?? 'disabled',
    usage: usage === undefined ? null : renderUsage(usage),
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

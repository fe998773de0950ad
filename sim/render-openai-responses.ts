/**
 * A SimCompletion in OpenAI Responses shapes: the response object, and the stream's events (`response.created`
 * ... `response.completed`, or `response.incomplete` for a length stop) numbered by `sequence_number`. Pure.
 */
import type { SimCompletion } from './sim-completion.js';
import type { OpenAiResponsesRequest } from './parse-openai-responses-request.js';

export interface ResponsesIdentity {
  id: string;
  /** Unix seconds. */
  createdAt: number;
}

function usageOf(completion: SimCompletion) {
  return {
    input_tokens: completion.inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: completion.outputTokens,
    output_tokens_details: { reasoning_tokens: completion.reasoning?.tokens.length ?? 0 },
    total_tokens: completion.inputTokens + completion.outputTokens,
  };
}

function incomplete(completion: SimCompletion): boolean {
  return completion.kind === 'text' && completion.finish === 'length';
}

function outputItem(identity: ResponsesIdentity, request: OpenAiResponsesRequest, completion: SimCompletion, status: 'in_progress' | 'completed' | 'incomplete') {
  if (completion.kind === 'tool-call') {
    const namespace = request.namespaces.get(completion.toolName);
    return {
      id: `fc_${identity.id}`, type: 'function_call', status: status === 'incomplete' ? 'completed' : status,
      arguments: status === 'in_progress' ? '' : completion.argumentsJson, call_id: `call_${completion.callId}`, name: completion.toolName,
      ...(namespace === undefined ? {} : { namespace }),
    };
  }
  const text = status === 'in_progress' ? [] : [{ type: 'output_text', text: completion.tokens.join(''), annotations: [], logprobs: [] }];
  return { id: `msg_${identity.id}`, type: 'message', status, role: 'assistant', content: text };
}

function responseObject(identity: ResponsesIdentity, request: OpenAiResponsesRequest, completion: SimCompletion, done: boolean) {
  const status = !done ? 'in_progress' : incomplete(completion) ? 'incomplete' : 'completed';
  return {
    id: `resp_${identity.id}`, object: 'response', created_at: identity.createdAt, status, background: false, error: null,
    incomplete_details: done && incomplete(completion) ? { reason: 'max_output_tokens' } : null,
    model: request.model, output: done ? [outputItem(identity, request, completion, incomplete(completion) ? 'incomplete' : 'completed')] : [],
    parallel_tool_calls: true, store: false, temperature: null, top_p: null, truncation: 'disabled', metadata: {},
    usage: done ? usageOf(completion) : null,
    ...request.echo,
  };
}

export function renderOpenAiResponse(identity: ResponsesIdentity, request: OpenAiResponsesRequest, completion: SimCompletion) {
  return responseObject(identity, request, completion, true);
}

export interface ResponsesEventSequence {
  head: string[];
  content: string[];
  tail: string[];
}

/** The SSE frames: head (created, in progress, item and part added), one delta per token, then the closing events. */
export function renderOpenAiResponseEvents(identity: ResponsesIdentity, request: OpenAiResponsesRequest, completion: SimCompletion): ResponsesEventSequence {
  let sequence = 0;
  const frame = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`;
  const item = outputItem(identity, request, completion, 'in_progress');
  const at = { item_id: item.id, output_index: 0 };
  const head = [
    frame('response.created', { response: responseObject(identity, request, completion, false) }),
    frame('response.in_progress', { response: responseObject(identity, request, completion, false) }),
    frame('response.output_item.added', { output_index: 0, item }),
  ];
  const finalItem = outputItem(identity, request, completion, incomplete(completion) ? 'incomplete' : 'completed');
  if (completion.kind === 'tool-call') {
    const content = [frame('response.function_call_arguments.delta', { ...at, delta: completion.argumentsJson })];
    const tail = [
      frame('response.function_call_arguments.done', { ...at, name: completion.toolName, arguments: completion.argumentsJson }),
      frame('response.output_item.done', { output_index: 0, item: finalItem }),
      frame('response.completed', { response: responseObject(identity, request, completion, true) }),
    ];
    return { head, content, tail };
  }
  head.push(frame('response.content_part.added', { ...at, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } }));
  const content = completion.tokens.map((token) => frame('response.output_text.delta', { ...at, content_index: 0, delta: token, logprobs: [] }));
  const text = completion.tokens.join('');
  const tail = [
    frame('response.output_text.done', { ...at, content_index: 0, text, logprobs: [] }),
    frame('response.content_part.done', { ...at, content_index: 0, part: { type: 'output_text', text, annotations: [], logprobs: [] } }),
    frame('response.output_item.done', { output_index: 0, item: finalItem }),
    frame(incomplete(completion) ? 'response.incomplete' : 'response.completed', { response: responseObject(identity, request, completion, true) }),
  ];
  return { head, content, tail };
}

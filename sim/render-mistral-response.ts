/**
 * A SimCompletion in Mistral's chat shapes on Bedrock: the InvokeModel answer `{choices: [{index: 0, message:
 * {role: assistant, content, tool_calls?}, stop_reason: stop|length|tool_calls}]}` (usage only in the headers), and
 * the stream's chunks: one per token (`stop_reason: null`), or a tool call whole in one chunk (the shape of
 * streamed tool calls is not documented by AWS: Mistral's own API sends each call whole), then an empty last chunk
 * with the stop reason, to which the operation adds Bedrock's `amazon-bedrock-invocationMetrics`. Pure.
 */
import type { SimCompletion } from './sim-completion.js';
import type { NativeInvokeChunks } from './respond-native-invoke.js';

type StopReason = 'stop' | 'length' | 'tool_calls';

function stopReason(completion: SimCompletion): StopReason {
  return completion.kind === 'tool-call' ? 'tool_calls' : completion.finish;
}

/** Mistral's tool call ids are nine letters and digits. */
function toolCall(completion: SimCompletion & { kind: 'tool-call' }) {
  return { id: `m${completion.callId}`.slice(0, 9).padEnd(9, '0'), function: { name: completion.toolName, arguments: completion.argumentsJson } };
}

function choice(message: Record<string, unknown>, stop: StopReason | null) {
  return { choices: [{ index: 0, message: { role: 'assistant', ...message }, stop_reason: stop }] };
}

export function renderMistralResponse(completion: SimCompletion) {
  const message = completion.kind === 'tool-call' ? { content: '', tool_calls: [toolCall(completion)] } : { content: completion.tokens.join('') };
  return choice(message, stopReason(completion));
}

export function renderMistralStreamChunks(completion: SimCompletion): NativeInvokeChunks {
  const content = completion.kind === 'tool-call'
    ? [choice({ content: '', tool_calls: [toolCall(completion)] }, null)]
    : completion.tokens.map((token) => choice({ content: token }, null));
  return { content, last: choice({ content: '' }, stopReason(completion)) };
}

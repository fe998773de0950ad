/**
 * The in-stream errors of each protocol, sent by the `streamError` fault when a stream that has started fails:
 * an Anthropic `error` event, a Bedrock exception frame, an OpenAI chat `error` data line. They live apart from
 * the HTTP error catalog (sim-error.ts) because they carry no status and name errors their own way (lower-camel
 * exception members, OpenAI's stream codes). Messages are fixed texts: they never echo the prompt.
 */
import { encodeExceptionFrame } from './aws-event-stream-frames.js';
import type { SimulatorStreamErrorKind } from './simulator-types.js';
import { bedrockThrottlingMessage } from './write-sim-error.js';

const streamErrors = {
  overloaded: {
    anthropic: { type: 'overloaded_error', message: 'Overloaded' },
    bedrock: { exceptionType: 'serviceUnavailableException', message: 'Bedrock is unable to process your request.' },
    openai: { code: 'server_error', message: 'The server is overloaded or not ready yet.' },
  },
  throttled: {
    anthropic: { type: 'rate_limit_error', message: "This request would exceed your organization's rate limit. Please try again later." },
    bedrock: { exceptionType: 'throttlingException', message: bedrockThrottlingMessage },
    openai: { code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again later.' },
  },
} as const satisfies Record<SimulatorStreamErrorKind, {
  anthropic: { type: string; message: string };
  bedrock: { exceptionType: string; message: string };
  openai: { code: string; message: string };
}>;

/** Anthropic Messages SSE: what api.anthropic.com sends when a stream breaks off (`overloaded_error`, ...). */
export function renderAnthropicStreamError(kind: SimulatorStreamErrorKind): string {
  const error = streamErrors[kind].anthropic;
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error })}\n\n`;
}

/** ConverseStream and InvokeModelWithResponseStream: an exception frame in the event stream. */
export function renderBedrockStreamException(kind: SimulatorStreamErrorKind): Uint8Array {
  const { exceptionType, message } = streamErrors[kind].bedrock;
  return encodeExceptionFrame(exceptionType, message);
}

/** OpenAI (and Azure OpenAI) chat completions SSE: an `error` object on a data line, and no `[DONE]` after it. */
export function renderOpenAiChatStreamError(kind: SimulatorStreamErrorKind): string {
  const { code, message } = streamErrors[kind].openai;
  return `data: ${JSON.stringify({ error: { message, type: code, param: null, code } })}\n\n`;
}

/**
 * A Converse request served by an OpenAI-compatible upstream: the Converse request becomes a chat request (the
 * adapter sets the upstream model name and streaming), the chat completion (or its chunks) becomes a Converse
 * response (or ConverseStream events, closed by `messageStop` and `metadata`).
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import { ChatChunksToConverseStream } from '../../translate/convert-chat-chunks-to-converse-stream.js';
import { convertChatResponseToConverse } from '../../translate/convert-chat-response-to-converse.js';
import { convertConverseRequestToChat } from '../../translate/convert-converse-request-to-chat.js';
import { parseConverseRequest } from '../../surfaces/bedrock-converse/converse-request-schema.js';
import type { ConverseStreamEvent } from '../../surfaces/bedrock-converse/converse-types.js';
import { readChatResponse } from '../../translate/read-upstream-responses.js';
import { readChatCompletionChunk } from '../../translate/read-upstream-stream-events.js';
import type { UpstreamStreamEvent } from '../../providers/upstream-contract.js';
import type { FormatBridge, StreamEventConverter } from '../format-bridge.js';

function toConverseEvents(events: readonly ConverseStreamEvent[]): UpstreamStreamEvent[] {
  return events.map((event) => ({ format: 'bedrock-converse', eventType: event.eventType, body: { ...event.body } }));
}

export const bedrockConverseToOpenAiChatBridge: FormatBridge = {
  from: 'bedrock-converse',
  to: 'openai-chat',

  convertRequest(body, context) {
    return { ...convertConverseRequestToChat(parseConverseRequest(body), { model: context.requestedModelId, stream: false }) };
  },

  convertResponse(body, context) {
    return { ...convertChatResponseToConverse(readChatResponse(body), { latencyMs: context.latencyMs() }) };
  },

  createStreamConverter(context): StreamEventConverter {
    const converter = new ChatChunksToConverseStream();
    return {
      push(event) {
        if (event.format !== 'openai-chat') throw new GeorouteError('stream_interrupted', `Expected an OpenAI chat chunk, got ${event.format}.`);
        return toConverseEvents(converter.push(readChatCompletionChunk(event.data)));
      },
      finish: () => toConverseEvents(converter.finish({ latencyMs: context.latencyMs() })),
    };
  },
};

/**
 * An OpenAI chat request served by a Bedrock upstream: the chat request becomes a Converse request, the Converse
 * response (or ConverseStream events) becomes a chat completion (or chunks). The final usage chunk is always
 * produced; the OpenAI writer drops it unless the client asked for `stream_options.include_usage`.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import { convertChatRequestToConverse } from '../../translate/convert-chat-request-to-converse.js';
import { convertConverseResponseToChat } from '../../translate/convert-converse-response-to-chat.js';
import { ConverseStreamToChatChunks } from '../../translate/convert-converse-stream-to-chat-chunks.js';
import { parseChatRequest } from '../../surfaces/openai-chat/openai-chat-request-schema.js';
import { readConverseResponse } from '../../translate/read-upstream-responses.js';
import { readConverseStreamEvent } from '../../translate/read-upstream-stream-events.js';
import type { UpstreamStreamEvent } from '../../providers/upstream-contract.js';
import type { BridgeContext, FormatBridge, StreamEventConverter } from '../format-bridge.js';

function completionId(context: BridgeContext): string {
  return `chatcmpl-${context.requestId}`;
}

function toChatEvents(chunks: readonly object[]): UpstreamStreamEvent[] {
  return chunks.map((chunk) => ({ format: 'openai-chat', data: JSON.stringify(chunk) }));
}

export const openAiChatToBedrockConverseBridge: FormatBridge = {
  from: 'openai-chat',
  to: 'bedrock-converse',

  convertRequest(body, context) {
    return { ...convertChatRequestToConverse(parseChatRequest(body), { nativeFormat: context.nativeFormat }) };
  },

  convertResponse(body, context) {
    const chat = convertConverseResponseToChat(readConverseResponse(body), {
      id: completionId(context),
      created: context.createdAt,
      model: context.requestedModelId,
    });
    return { ...chat };
  },

  createStreamConverter(context): StreamEventConverter {
    const converter = new ConverseStreamToChatChunks({
      id: completionId(context),
      created: context.createdAt,
      model: context.requestedModelId,
      includeUsage: true,
    });
    return {
      push(event) {
        if (event.format !== 'bedrock-converse') throw new GeorouteError('stream_interrupted', `Expected a ConverseStream event, got ${event.format}.`);
        const read = readConverseStreamEvent(event.eventType, event.body);
        return read === undefined ? [] : toChatEvents(converter.push(read));
      },
      finish: () => toChatEvents(converter.finish()),
    };
  },
};

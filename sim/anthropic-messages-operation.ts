/**
 * `POST /v1/messages` (Anthropic Messages API, streamed as SSE or not) and `POST /v1/messages/count_tokens`.
 * Prompt-cache prefixes (`cache_control`) are split off the input tokens as Anthropic reports them; structured
 * output (`output_config.format`) makes the text answer JSON for its schema.
 */
import { randomBytes } from 'node:crypto';
import { parseAnthropicMessagesRequest, type AnthropicSimRequest } from './parse-anthropic-messages-request.js';
import { renderAnthropicMessage, renderAnthropicStreamEvents, type AnthropicStreamEvent } from './render-anthropic-message.js';
import type { SimCompletion } from './sim-completion.js';
import { parseJsonObject, writeJson } from './sim-http-io.js';
import type { SimExchange, SimOperation, SimOperationContext, SimResponseOutcome } from './sim-operation.js';
import { applyStructuredOutput } from './sim-structured-output.js';
import { sleep, totalGenerationMs } from './token-pacer.js';
import { renderAnthropicStreamError } from './render-stream-errors.js';
import { writePacedStream } from './write-paced-stream.js';

const sseEvent = (event: AnthropicStreamEvent): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

async function respondMessages(exchange: SimExchange, completion: SimCompletion, request: AnthropicSimRequest, context: SimOperationContext): Promise<SimResponseOutcome> {
  const identity = { id: `msg_${randomBytes(12).toString('hex')}`, model: request.model };
  const cache = context.promptCache.split(completion.inputTokens, request.cachePrefixTexts);
  exchange.res.setHeader('request-id', `req_${exchange.requestId.replaceAll('-', '')}`);
  if (!request.stream) {
    await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
    writeJson(exchange.res, 200, renderAnthropicMessage(identity, completion, cache));
    return 'completed';
  }
  const events = renderAnthropicStreamEvents(identity, completion, cache);
  return writePacedStream(exchange, {
    contentType: 'text/event-stream; charset=utf-8',
    head: events.head.map(sseEvent),
    content: events.content.map((group) => group.map(sseEvent).join('')),
    tail: () => events.tail.map(sseEvent),
    failure: (kind) => [renderAnthropicStreamError(kind)],
  });
}

export const anthropicMessagesOperation: SimOperation = {
  name: 'messages',
  protocol: 'anthropic',
  prepare(body, context) {
    const request = parseAnthropicMessagesRequest(parseJsonObject(body), 'messages-api');
    return {
      prompt: request.prompt,
      stream: request.stream,
      respond: (exchange, completion) => respondMessages(exchange, applyStructuredOutput(completion, request.responseSchema), request, context),
    };
  },
};

/** count_tokens takes a messages body without `max_tokens` and answers `{input_tokens}` at once. */
export const anthropicCountTokensOperation: SimOperation = {
  name: 'messages.count_tokens',
  protocol: 'anthropic',
  prepare(body) {
    const request = parseAnthropicMessagesRequest({ max_tokens: 1, ...parseJsonObject(body) }, 'messages-api');
    return {
      prompt: { ...request.prompt, maxTokens: 1 },
      stream: false,
      respond: (exchange, completion) => {
        exchange.res.setHeader('request-id', `req_${exchange.requestId.replaceAll('-', '')}`);
        writeJson(exchange.res, 200, { input_tokens: completion.inputTokens });
        return Promise.resolve('completed');
      },
    };
  },
};

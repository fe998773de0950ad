/** `POST /v1/chat/completions`: OpenAI chat completions, streamed (SSE) or not. */
import { randomBytes } from 'node:crypto';
import { parseOpenAiChatRequest } from './parse-openai-chat-request.js';
import {
  renderOpenAiChatChunks,
  renderOpenAiChatCompletion,
  type OpenAiResponseIdentity,
} from './render-openai-chat-response.js';
import type { SimCompletion } from './sim-completion.js';
import { applyStructuredOutput } from './sim-structured-output.js';
import { parseJsonObject, writeJson } from './sim-http-io.js';
import type { SimExchange, SimOperation, SimResponseOutcome } from './sim-operation.js';
import { sleep, totalGenerationMs } from './token-pacer.js';
import { renderOpenAiChatStreamError } from './render-stream-errors.js';
import { writePacedStream } from './write-paced-stream.js';
import { alternativeCompletions, completionWithAlternatives } from './sim-choices.js';
import { completePrompt } from './sim-completion.js';

const sseData = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;

async function respondOpenAiChat(
  exchange: SimExchange,
  completion: SimCompletion,
  request: { model: string; stream: boolean; includeUsage: boolean; logprobs?: { top: number } },
  alternatives: readonly SimCompletion[],
): Promise<SimResponseOutcome> {
  const identity: OpenAiResponseIdentity = {
    id: `chatcmpl-${randomBytes(12).toString('hex')}`,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
  };
  exchange.res.setHeader('x-request-id', exchange.requestId);
  if (!request.stream) {
    await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
    writeJson(exchange.res, 200, renderOpenAiChatCompletion(identity, completion, request.logprobs, alternatives));
    return 'completed';
  }
  const chunks = renderOpenAiChatChunks(identity, completion, request.includeUsage, request.logprobs, alternatives);
  return writePacedStream(exchange, {
    contentType: 'text/event-stream; charset=utf-8',
    head: chunks.head.map(sseData),
    content: chunks.content.map(sseData),
    tail: () => [...chunks.tail.map(sseData), 'data: [DONE]\n\n'],
    failure: (kind) => [renderOpenAiChatStreamError(kind)],
  });
}

export const openAiChatOperation: SimOperation = {
  name: 'chat.completions',
  protocol: 'openai',
  prepare(body, context) {
    const request = parseOpenAiChatRequest(parseJsonObject(body), context.defaultMaxTokens);
    const alternatives = alternativeCompletions(request.prompt, request.choiceCount).map((c) => applyStructuredOutput(c, request.responseSchema));
    return {
      prompt: request.prompt,
      stream: request.stream,
      complete: alternatives.length === 0 ? undefined : () => completionWithAlternatives(completePrompt(request.prompt), alternatives),
      respond: (exchange, completion) => respondOpenAiChat(exchange, applyStructuredOutput(completion, request.responseSchema), request, alternatives),
    };
  },
};

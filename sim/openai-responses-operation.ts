/** `POST /v1/responses`: the OpenAI Responses API, streamed (SSE with event names) or not. */
import { randomBytes } from 'node:crypto';
import { parseOpenAiResponsesRequest, type OpenAiResponsesRequest } from './parse-openai-responses-request.js';
import { renderOpenAiResponse, renderOpenAiResponseEvents, type ResponsesIdentity } from './render-openai-responses.js';
import type { SimCompletion } from './sim-completion.js';
import { applyStructuredOutput } from './sim-structured-output.js';
import { parseJsonObject, writeJson } from './sim-http-io.js';
import type { SimExchange, SimOperation, SimResponseOutcome } from './sim-operation.js';
import { sleep, totalGenerationMs } from './token-pacer.js';
import { writePacedStream } from './write-paced-stream.js';

async function respondOpenAiResponses(exchange: SimExchange, completion: SimCompletion, request: OpenAiResponsesRequest): Promise<SimResponseOutcome> {
  const identity: ResponsesIdentity = { id: randomBytes(12).toString('hex'), createdAt: Math.floor(Date.now() / 1000) };
  exchange.res.setHeader('x-request-id', exchange.requestId);
  if (!request.stream) {
    await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
    writeJson(exchange.res, 200, renderOpenAiResponse(identity, request, completion));
    return 'completed';
  }
  const events = renderOpenAiResponseEvents(identity, request, completion);
  return writePacedStream(exchange, {
    contentType: 'text/event-stream; charset=utf-8',
    head: events.head,
    content: events.content,
    tail: () => events.tail,
  });
}

export const openAiResponsesOperation: SimOperation = {
  name: 'responses',
  protocol: 'openai',
  prepare(body, context) {
    const request = parseOpenAiResponsesRequest(parseJsonObject(body), context.defaultMaxTokens);
    return {
      prompt: request.prompt,
      stream: request.stream,
      respond: (exchange, completion) => respondOpenAiResponses(exchange, applyStructuredOutput(completion, request.responseSchema), request),
    };
  },
};

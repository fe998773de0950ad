/**
 * `POST /model/{modelId}/invoke` and `/invoke-with-response-stream` with the Amazon Nova native body. Every
 * model id is answered in Nova's format (the simulator has one model family).
 */
import { performance } from 'node:perf_hooks';
import { encodeChunkFrame, eventStreamContentType } from './aws-event-stream-frames.js';
import { parseBedrockMessagesRequest } from './parse-bedrock-messages-request.js';
import { renderBedrockMessageBody, renderBedrockStreamEvents } from './render-bedrock-message.js';
import type { SimCompletion } from './sim-completion.js';
import { parseJsonObject, writeJson } from './sim-http-io.js';
import type { SimExchange, SimOperation, SimResponseOutcome } from './sim-operation.js';
import { sleep, totalGenerationMs } from './token-pacer.js';
import { writePacedStream } from './write-paced-stream.js';

function tokenCountHeaders(completion: SimCompletion): Record<string, string> {
  return {
    'x-amzn-bedrock-input-token-count': String(completion.inputTokens),
    'x-amzn-bedrock-output-token-count': String(completion.outputTokens),
  };
}

async function respondInvoke(exchange: SimExchange, completion: SimCompletion): Promise<SimResponseOutcome> {
  const { res } = exchange;
  res.setHeader('x-amzn-requestid', exchange.requestId);
  await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
  for (const [name, value] of Object.entries(tokenCountHeaders(completion))) res.setHeader(name, value);
  res.setHeader('x-amzn-bedrock-invocation-latency', String(Math.round(performance.now() - exchange.startedAt)));
  writeJson(res, 200, renderBedrockMessageBody(completion));
  return 'completed';
}

function respondInvokeStream(exchange: SimExchange, completion: SimCompletion): Promise<SimResponseOutcome> {
  const events = renderBedrockStreamEvents(completion);
  const chunk = (event: { type: string; body: unknown }) => encodeChunkFrame({ [event.type]: event.body });
  const usage = { inputTokens: completion.inputTokens, outputTokens: completion.outputTokens };
  return writePacedStream(exchange, {
    contentType: eventStreamContentType,
    headers: { 'x-amzn-requestid': exchange.requestId, 'x-amzn-bedrock-content-type': 'application/json' },
    head: events.head.map(chunk),
    content: events.content.map(chunk),
    tail: () => events.tail({ usage }).map(chunk),
  });
}

export const bedrockInvokeOperation: SimOperation = {
  name: 'invoke',
  protocol: 'bedrock',
  prepare(body, context) {
    const prompt = parseBedrockMessagesRequest(parseJsonObject(body), context.defaultMaxTokens);
    return { prompt, stream: false, respond: respondInvoke };
  },
};

export const bedrockInvokeStreamOperation: SimOperation = {
  name: 'invoke-with-response-stream',
  protocol: 'bedrock',
  prepare(body, context) {
    const prompt = parseBedrockMessagesRequest(parseJsonObject(body), context.defaultMaxTokens);
    return { prompt, stream: true, respond: respondInvokeStream };
  },
};

/** `POST /model/{modelId}/converse` and `/converse-stream`: the Bedrock Converse API. */
import { performance } from 'node:perf_hooks';
import { encodeEventFrame, eventStreamContentType } from './aws-event-stream-frames.js';
import { parseBedrockMessagesRequest } from './parse-bedrock-messages-request.js';
import { bedrockUsage, renderBedrockMessageBody, renderBedrockStreamEvents } from './render-bedrock-message.js';
import type { SimCompletion } from './sim-completion.js';
import { applyStructuredOutput, converseOutputSchema } from './sim-structured-output.js';
import { parseJsonObject, writeJson } from './sim-http-io.js';
import type { SimExchange, SimOperation, SimResponseOutcome } from './sim-operation.js';
import { sleep, totalGenerationMs } from './token-pacer.js';
import { renderBedrockStreamException } from './render-stream-errors.js';
import { writePacedStream } from './write-paced-stream.js';

/** The tier a request asked for (`serviceTier.type`), echoed as Bedrock does. */
function serviceTierOf(json: Record<string, unknown>): string | undefined {
  const tier = json.serviceTier;
  return typeof tier === 'object' && tier !== null && typeof (tier as { type?: unknown }).type === 'string' ? (tier as { type: string }).type : undefined;
}

async function respondConverse(exchange: SimExchange, completion: SimCompletion, serviceTier: string | undefined): Promise<SimResponseOutcome> {
  exchange.res.setHeader('x-amzn-requestid', exchange.requestId);
  await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
  const latencyMs = Math.round(performance.now() - exchange.startedAt);
  const body = renderBedrockMessageBody(completion, { latencyMs });
  writeJson(exchange.res, 200, serviceTier === undefined ? body : { ...body, serviceTier: { type: serviceTier } });
  return 'completed';
}

function respondConverseStream(exchange: SimExchange, completion: SimCompletion): Promise<SimResponseOutcome> {
  const events = renderBedrockStreamEvents(completion);
  const frame = (event: { type: string; body: unknown }) => encodeEventFrame(event.type, event.body);
  return writePacedStream(exchange, {
    contentType: eventStreamContentType,
    headers: { 'x-amzn-requestid': exchange.requestId },
    head: events.head.map(frame),
    content: events.content.map(frame),
    tail: (latencyMs) => events.tail({ usage: bedrockUsage(completion), metrics: { latencyMs } }).map(frame),
    failure: (kind) => [renderBedrockStreamException(kind)],
  });
}

export const bedrockConverseOperation: SimOperation = {
  name: 'converse',
  protocol: 'bedrock',
  prepare(body, context) {
    const json = parseJsonObject(body);
    const prompt = parseBedrockMessagesRequest(json, context.defaultMaxTokens);
    const schema = converseOutputSchema(json);
    return { prompt, stream: false, respond: (exchange, completion) => respondConverse(exchange, applyStructuredOutput(completion, schema), serviceTierOf(json)) };
  },
};

export const bedrockConverseStreamOperation: SimOperation = {
  name: 'converse-stream',
  protocol: 'bedrock',
  prepare(body, context) {
    const json = parseJsonObject(body);
    const prompt = parseBedrockMessagesRequest(json, context.defaultMaxTokens);
    const schema = converseOutputSchema(json);
    return { prompt, stream: true, respond: (exchange, completion) => respondConverseStream(exchange, applyStructuredOutput(completion, schema)) };
  },
};

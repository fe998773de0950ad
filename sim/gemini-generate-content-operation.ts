/**
 * Vertex AI Gemini: `POST /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:generateContent` and
 * `:streamGenerateContent?alt=sse` (SSE of whole GenerateContentResponse chunks, no end marker). Needs a bearer
 * token from the simulator's token endpoint (gemini-access-tokens.ts). A system instruction seen before in this
 * region is reported as implicitly cached (`cachedContentTokenCount`).
 */
import { randomBytes } from 'node:crypto';
import { isValidGoogleBearer } from './gemini-access-tokens.js';
import { parseGeminiRequest } from './parse-gemini-request.js';
import { renderGeminiChunks, renderGeminiResponse, SAFETY_BLOCK_TRIGGER, type GeminiResponseIdentity } from './render-gemini-response.js';
import type { SimCompletion } from './sim-completion.js';
import { SimError } from './sim-error.js';
import { parseJsonObject, writeJson } from './sim-http-io.js';
import type { PreparedSimRequest, SimExchange, SimOperation, SimOperationContext, SimResponseOutcome } from './sim-operation.js';
import { applyStructuredOutput } from './sim-structured-output.js';
import { sleep, totalGenerationMs } from './token-pacer.js';
import { writePacedStream } from './write-paced-stream.js';

const sseData = (payload: unknown): string => `data: ${JSON.stringify(payload)}\r\n\r\n`;

async function respondGemini(exchange: SimExchange, completion: SimCompletion, identity: GeminiResponseIdentity, stream: boolean): Promise<SimResponseOutcome> {
  if (!stream) {
    await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
    writeJson(exchange.res, 200, renderGeminiResponse(completion, identity));
    return 'completed';
  }
  const chunks = renderGeminiChunks(completion, identity);
  return writePacedStream(exchange, {
    contentType: 'text/event-stream',
    head: chunks.head.map(sseData),
    content: chunks.content.map(sseData),
    tail: () => chunks.tail.map(sseData),
  });
}

function prepareGemini(body: Uint8Array, context: SimOperationContext, stream: boolean): PreparedSimRequest {
  if (!isValidGoogleBearer(context.headers.authorization)) {
    throw new SimError('unauthorized', 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
  }
  if (stream && context.query.get('alt') !== 'sse') throw new SimError('invalid_request', 'This simulator streams only with alt=sse.');
  const request = parseGeminiRequest(parseJsonObject(body), context.defaultMaxTokens);
  return {
    prompt: request.prompt,
    stream,
    respond: (exchange, completion) => {
      const cache = context.promptCache.split(completion.inputTokens, request.systemTexts.length === 0 ? undefined : ['gemini', ...request.systemTexts]);
      const identity: GeminiResponseIdentity = {
        responseId: randomBytes(12).toString('base64url'),
        modelVersion: context.modelId ?? 'gemini-sim',
        cachedTokens: cache.cacheReadInputTokens,
        includeThoughts: request.includeThoughts,
        safetyBlocked: request.prompt.texts.some((text) => text.includes(SAFETY_BLOCK_TRIGGER)),
      };
      return respondGemini(exchange, applyStructuredOutput(completion, request.responseSchema), identity, stream);
    },
  };
}

export const geminiGenerateContentOperation: SimOperation = {
  name: 'gemini.generateContent',
  protocol: 'gemini',
  prepare: (body, context) => prepareGemini(body, context, false),
};

export const geminiStreamGenerateContentOperation: SimOperation = {
  name: 'gemini.streamGenerateContent',
  protocol: 'gemini',
  prepare: (body, context) => prepareGemini(body, context, true),
};

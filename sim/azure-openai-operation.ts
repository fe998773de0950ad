/**
 * Azure OpenAI chat completions: `POST /openai/deployments/{deployment}/chat/completions?api-version=...` (the
 * deployment in the path, `api-version` required) and `POST /openai/v1/chat/completions` (the deployment as the
 * body's `model`). Checks `api-key` (or an Entra bearer token), answers in OpenAI's shapes with Azure's
 * content-filter annotations (azure-content-filter-fields.ts), and on a 429 adds `retry-after-ms`.
 */
import { randomBytes } from 'node:crypto';
import { contentFilterResults, OUTPUT_FILTER_TRIGGER, PROMPT_FILTER_TRIGGER, promptFilterResults } from './azure-content-filter-fields.js';
import { parseOpenAiChatRequest } from './parse-openai-chat-request.js';
import { renderOpenAiChatChunks, renderOpenAiChatCompletion } from './render-openai-chat-response.js';
import type { SimCompletion } from './sim-completion.js';
import { SimError } from './sim-error.js';
import { parseJsonObject, writeJson } from './sim-http-io.js';
import type { SimExchange, SimOperation, SimOperationContext, SimResponseOutcome } from './sim-operation.js';
import { applyStructuredOutput } from './sim-structured-output.js';
import { sleep, totalGenerationMs } from './token-pacer.js';
import { renderOpenAiChatStreamError } from './render-stream-errors.js';
import { writePacedStream } from './write-paced-stream.js';

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
const sseData = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;

function checkRequest(context: SimOperationContext): void {
  const key = context.headers['api-key'];
  const bearer = context.headers.authorization;
  if ((typeof key !== 'string' || key === '') && !(typeof bearer === 'string' && /^Bearer\s+\S+/i.test(bearer))) {
    throw new SimError('unauthorized', 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.');
  }
  if (context.modelId === undefined) return; // the v1 style takes no api-version
  const version = context.query.get('api-version');
  if (version === null) throw new SimError('unknown_route', 'Resource not found (the api-version query parameter is required).');
  if (!API_VERSION.test(version)) throw new SimError('invalid_request', `API version not supported: ${version}`);
}

/** Cuts a text answer short, as Azure does when the output filter trips. */
function filterOutput(completion: SimCompletion): { completion: SimCompletion; filtered: boolean } {
  if (completion.kind !== 'text') return { completion, filtered: false };
  const tokens = completion.tokens.slice(0, Math.min(3, completion.tokens.length));
  return { completion: { ...completion, tokens, outputTokens: tokens.length }, filtered: true };
}

function annotate(choice: Record<string, unknown>, filtered: boolean, last: boolean): Record<string, unknown> {
  if (!filtered || !last) return { ...choice, content_filter_results: contentFilterResults() };
  return { ...choice, finish_reason: 'content_filter', content_filter_results: contentFilterResults('violence') };
}

async function respondAzureChat(
  exchange: SimExchange,
  original: SimCompletion,
  request: { model: string; stream: boolean; logprobs?: { top: number }; outputFiltered: boolean },
): Promise<SimResponseOutcome> {
  const { completion, filtered } = request.outputFiltered ? filterOutput(original) : { completion: original, filtered: false };
  const identity = { id: `chatcmpl-${randomBytes(12).toString('hex')}`, created: Math.floor(Date.now() / 1000), model: request.model };
  exchange.res.setHeader('apim-request-id', exchange.requestId);
  exchange.res.setHeader('x-ms-region', exchange.regionId);
  if (!request.stream) {
    await sleep(totalGenerationMs(completion.outputTokens, exchange.pacing), exchange.signal);
    const body = renderOpenAiChatCompletion(identity, completion, request.logprobs);
    const choices = body.choices.map((choice) => annotate(choice, filtered, true));
    writeJson(exchange.res, 200, { ...body, choices, prompt_filter_results: promptFilterResults() });
    return 'completed';
  }
  const chunks = renderOpenAiChatChunks(identity, completion, true, request.logprobs);
  const withFilter = (chunk: unknown, last: boolean) => {
    const record = chunk as { choices: Array<Record<string, unknown>> };
    return { ...record, choices: record.choices.map((choice) => annotate(choice, filtered, last)) };
  };
  const filterChunk = { id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: promptFilterResults() };
  const [finish, ...usage] = chunks.tail;
  return writePacedStream(exchange, {
    contentType: 'text/event-stream; charset=utf-8',
    head: [filterChunk, ...chunks.head].map(sseData),
    content: chunks.content.map((chunk) => sseData(withFilter(chunk, false))),
    tail: () => [sseData(withFilter(finish, true)), ...usage.map(sseData), 'data: [DONE]\n\n'],
    failure: (kind) => [renderOpenAiChatStreamError(kind)],
  });
}

export const azureOpenAiChatOperation: SimOperation = {
  name: 'azure.chat.completions',
  protocol: 'azure',
  prepare(body, context) {
    checkRequest(context);
    const json = parseJsonObject(body);
    // The deployments style names the deployment in the path; the body's model, if any, is ignored.
    const request = parseOpenAiChatRequest(context.modelId === undefined ? json : { ...json, model: context.modelId }, context.defaultMaxTokens);
    const texts = request.prompt.texts.join('\n');
    if (texts.includes(PROMPT_FILTER_TRIGGER)) {
      throw new SimError('content_filtered', "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.");
    }
    return {
      prompt: request.prompt,
      stream: request.stream,
      respond: (exchange, completion) => respondAzureChat(exchange, applyStructuredOutput(completion, request.responseSchema), {
        ...request,
        outputFiltered: texts.includes(OUTPUT_FILTER_TRIGGER),
      }),
    };
  },
};

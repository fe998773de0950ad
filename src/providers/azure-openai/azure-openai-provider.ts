/**
 * Provider kind `azure-openai`: Azure OpenAI chat completions over an undici pool, in either URL style
 * (azure-openai-url.ts), authenticated by `api-key` or a Microsoft Entra token (resolve-azure-credential.ts).
 * OpenAI chat requests take the fast path (the body as it is, the deployment substituted, the answer relayed);
 * any other surface's request is converted from the canonical model. `x-ratelimit-*` and a 429's
 * `retry-after-ms` feed the learned limits; a content-filter refusal is an answer (`content-filter`), never a
 * failover.
 */
import type { Dispatcher, Pool } from 'undici';
import type { Deployment } from '../../catalog/catalog-types.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type {
  InferenceProvider,
  InferenceProviderFactory,
  NativePassThrough,
  NativeRequest,
  NativeResponse,
  ProviderCallOptions,
  ProviderGenerateResponse,
  ProviderRateLimit,
  ProviderStreamResponse,
} from '../../inference/inference-provider-contract.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import { classifyTransportError } from '../classify-upstream-error.js';
import { createDeploymentPool } from '../create-deployment-pool.js';
import { postBeforeFirstByte } from '../first-byte-deadline.js';
import { parseRateLimitHeaders, parseRetryAfterMs } from '../parse-rate-limit-headers.js';
import { jsonChunkStreamParts, readSseDataStream } from '../read-sse-data-stream.js';
import { serializeRequestBody } from '../serialize-request-body.js';
import { UpstreamFailure } from '../upstream-contract.js';
import { contentFilterChatChunks, contentFilterChatCompletion, contentFilterResult, contentFilterStreamParts } from './azure-content-filter-answer.js';
import { azureOpenAiCapabilities } from './azure-openai-capabilities.js';
import { azureChatTarget, type AzureChatTarget } from './azure-openai-url.js';
import { classifyAzureHttpError } from './classify-azure-error.js';
import { AzureChatChunkConverter } from './convert-azure-chat-chunks.js';
import { convertAzureChatResponse } from './convert-azure-chat-response.js';
import { convertToAzureChatRequest } from './convert-to-azure-chat-request.js';
import { readAzureUsage } from './read-azure-usage.js';
import { resolveAzureCredential, type AzureCredential } from './resolve-azure-credential.js';
import type { StopSignal } from '../../inference/stop-signal.js';

type Posted =
  | { kind: 'answer'; response: Dispatcher.ResponseData; rateLimit?: ProviderRateLimit }
  | { kind: 'content-filter'; results: unknown; rateLimit?: ProviderRateLimit };

const USAGE_OBJECT = /"usage"\s*:\s*\{/;

export class AzureOpenAiProvider implements InferenceProvider {
  readonly specificationVersion = 'georoute-inference-v1' as const;
  readonly capabilities = azureOpenAiCapabilities;
  readonly native: NativePassThrough = { formats: ['openai-chat'], send: (request) => this.sendNative(request) };
  private readonly pool: Pool;
  private readonly target: AzureChatTarget;

  constructor(readonly deployment: Deployment, private readonly credential: AzureCredential) {
    this.pool = createDeploymentPool(deployment);
    this.target = azureChatTarget(deployment.endpoint, deployment.upstreamModel, deployment.azure?.apiVersion);
  }

  private async post(body: Record<string, unknown>, options: ProviderCallOptions): Promise<Posted> {
    const headers = {
      'content-type': 'application/json',
      accept: body.stream === true ? 'text/event-stream' : 'application/json',
      'x-ms-client-request-id': options.requestId,
      ...options.traceHeaders,
      ...(await this.credential().catch((error: unknown) => {
        throw new UpstreamFailure('unavailable', `${this.deployment.id}: no credential (${error instanceof Error ? error.message : String(error)})`, { cause: error });
      })),
    };
    const payload = serializeRequestBody(body, this.deployment.id);
    const response = await postBeforeFirstByte(this.pool, this.deployment, { path: this.target.path, headers, body: payload, signal: options.signal, abortAttempt: options.abortAttempt });
    const rateLimit = parseRateLimitHeaders(response.headers);
    if (response.statusCode === 200) return { kind: 'answer', response, rateLimit };
    const text = await response.body.text().catch(() => '');
    const verdict = classifyAzureHttpError(this.deployment.id, response.statusCode, text, { retryAfterMs: parseRetryAfterMs(response.headers), rateLimit });
    if (verdict.kind === 'content-filter') return { kind: 'content-filter', results: verdict.promptFilterResults, rateLimit };
    throw verdict.failure;
  }

  private async readJson(response: Dispatcher.ResponseData, signal: StopSignal): Promise<Record<string, unknown>> {
    let parsed: unknown;
    try {
      parsed = await response.body.json();
    } catch (error) {
      throw classifyTransportError(error, signal, this.deployment.id);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UpstreamFailure('unavailable', `${this.deployment.id}: the response is not a JSON object`);
    }
    return parsed as Record<string, unknown>;
  }

  async generate(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderGenerateResponse> {
    const posted = await this.post(convertToAzureChatRequest(request, { model: this.target.model, stream: false }), options);
    if (posted.kind === 'content-filter') return { result: contentFilterResult(posted.results), rateLimit: posted.rateLimit };
    return { result: convertAzureChatResponse(await this.readJson(posted.response, options.signal)), rateLimit: posted.rateLimit };
  }

  async stream(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderStreamResponse> {
    const posted = await this.post(convertToAzureChatRequest(request, { model: this.target.model, stream: true }), options);
    if (posted.kind === 'content-filter') {
      const parts = contentFilterStreamParts();
      return { parts: (async function* () { yield* parts; })(), usage: () => ({ inputTokens: 0, outputTokens: 0 }), rateLimit: posted.rateLimit };
    }
    const sse = await readSseDataStream(posted.response.body, options.signal, this.deployment.id, { requireDone: true });
    const converter = new AzureChatChunkConverter();
    return { parts: jsonChunkStreamParts(sse, converter, this.deployment.id), usage: () => converter.usage, rateLimit: posted.rateLimit };
  }

  private async sendNative(request: NativeRequest): Promise<NativeResponse> {
    if (request.format !== 'openai-chat') throw new UpstreamFailure('rejected', `${this.deployment.id} speaks only OpenAI chat natively`);
    const { model: _model, ...rest } = request.body;
    const body: Record<string, unknown> = { ...rest, ...(this.target.model === undefined ? {} : { model: this.target.model }) };
    if (request.stream) {
      body.stream = true;
      body.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
    }
    const options = { signal: request.signal, requestId: request.requestId, traceHeaders: request.traceHeaders };
    const posted = await this.post(body, options);
    const model = this.deployment.upstreamModel;
    if (posted.kind === 'content-filter') {
      if (!request.stream) return { kind: 'json', body: contentFilterChatCompletion(model, posted.results), usage: { inputTokens: 0, outputTokens: 0 }, rateLimit: posted.rateLimit };
      const events = contentFilterChatChunks(model, posted.results).map((data) => ({ format: 'openai-chat' as const, data }));
      return { kind: 'stream', events: (async function* () { yield* events; })(), usage: () => ({ inputTokens: 0, outputTokens: 0 }), rateLimit: posted.rateLimit };
    }
    if (!request.stream) {
      const json = await this.readJson(posted.response, request.signal);
      return { kind: 'json', body: json, usage: readAzureUsage(json.usage) ?? { inputTokens: 0, outputTokens: 0 }, rateLimit: posted.rateLimit };
    }
    const sse = await readSseDataStream(posted.response.body, request.signal, this.deployment.id, { requireDone: true });
    let usage: InferenceUsage | undefined;
    // Chunks carry `"usage":null` until the last one; only that one is parsed.
    const noteUsage = (data: string): void => {
      if (USAGE_OBJECT.test(data)) usage = readAzureUsage((JSON.parse(data) as { usage?: unknown }).usage) ?? usage;
    };
    async function* events() {
      for await (const data of sse.data) {
        noteUsage(data);
        yield { format: 'openai-chat' as const, data };
      }
    }
    // Relayed, each event goes to the writer as its chunk arrives; `events` is made only for a consumer that pulls.
    const relay = (write: (event: { format: 'openai-chat'; data: string }) => Promise<void> | void): Promise<void> =>
      sse.relay((data) => {
        noteUsage(data);
        return write({ format: 'openai-chat', data });
      });
    return { kind: 'stream', events: { [Symbol.asyncIterator]: events }, relay, usage: () => usage, rateLimit: posted.rateLimit };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

export const azureOpenAiProviderFactory: InferenceProviderFactory = {
  kind: 'azure-openai',
  create: async (deployment, context) => new AzureOpenAiProvider(deployment, await resolveAzureCredential(deployment, context.env)),
};

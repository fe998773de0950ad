/**
 * Provider kind `openai-compatible` on the canonical contract: a converted request becomes a chat completions
 * request (convert-to-openai-chat-request.ts) and its answer canonical parts; an `openai-chat` request takes the
 * fast path (native pass-through: only the model substituted, the answer relayed as sent, its JSON bytes or its
 * events one by one, usage read on the way). Both go through the same upstream client (openai-compatible-upstream.ts).
 */
import type { Deployment } from '../../catalog/catalog-types.js';
import type {
  InferenceProvider,
  InferenceProviderFactory,
  NativePassThrough,
  NativeRequest,
  NativeResponse,
  ProviderCallOptions,
  ProviderGenerateResponse,
  ProviderStreamResponse,
} from '../../inference/inference-provider-contract.js';
import type { InferenceRequest } from '../../inference/inference-request.js';
import type { EmbeddingProvider } from '../../inference/inference-embedding-provider-contract.js';
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import { readChatCompletionChunk, readChatResponse } from './read-openai-chat-response.js';
import { inferenceUsageOf } from '../inference-usage-conversion.js';
import { UpstreamFailure } from '../upstream-contract.js';
import type { UpstreamStreamResponse } from '../upstream-transport.js';
import { OpenAiChatChunksToInferenceStream } from './convert-openai-chat-chunks-to-inference-stream.js';
import { convertOpenAiChatResponseToInference } from './convert-openai-chat-response-to-inference.js';
import { convertToOpenAiChatRequest } from './convert-to-openai-chat-request.js';
import { openAiCompatibleCapabilities } from './openai-compatible-capabilities.js';
import { OpenAiCompatibleUpstream } from './openai-compatible-upstream.js';
import { relayOpenAiResponses } from './relay-openai-responses.js';

async function* chatParts(events: UpstreamStreamResponse['events'], onUsage: (usage: InferenceUsage) => void): AsyncGenerator<InferenceStreamPart> {
  const converter = new OpenAiChatChunksToInferenceStream();
  for await (const event of events) {
    if (event.format !== 'openai-chat') throw new UpstreamFailure('interrupted', `expected an OpenAI chat chunk, got ${event.format}`);
    for (const part of converter.push(readChatCompletionChunk(event.data))) {
      if (part.type === 'usage') onUsage(part.usage);
      yield part;
    }
  }
  yield* converter.finish();
}

export class OpenAiCompatibleProvider implements InferenceProvider {
  readonly specificationVersion = 'georoute-inference-v1' as const;
  readonly capabilities = openAiCompatibleCapabilities;
  readonly native: NativePassThrough;

  constructor(
    readonly deployment: Deployment,
    private readonly upstream: OpenAiCompatibleUpstream,
  ) {
    // The Responses API is relayed only where the deployment says its upstream serves it (`wireFormats`).
    const responses = deployment.wireFormats?.includes('openai-responses') === true;
    this.native = { formats: responses ? ['openai-chat', 'openai-responses'] : ['openai-chat'], send: (request) => this.sendNative(request) };
  }

  get embeddings(): EmbeddingProvider {
    return this.upstream.embeddings;
  }

  async generate(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderGenerateResponse> {
    const response = await this.upstream.send({ format: 'openai-chat', body: convertToOpenAiChatRequest(request), stream: false, ...options });
    if (response.kind !== 'json' || response.body instanceof Uint8Array) throw new UpstreamFailure('interrupted', `${this.deployment.id}: expected a JSON answer`);
    const result = convertOpenAiChatResponseToInference(readChatResponse(response.body));
    return { result, rateLimit: response.rateLimit, processedRegionId: response.processedRegionId };
  }

  async stream(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderStreamResponse> {
    const response = await this.upstream.send({ format: 'openai-chat', body: convertToOpenAiChatRequest(request), stream: true, ...options });
    if (response.kind !== 'stream') throw new UpstreamFailure('interrupted', `${this.deployment.id}: expected a stream`);
    let usage: InferenceUsage | undefined;
    return {
      parts: chatParts(response.events, (u) => (usage = u)),
      usage: () => usage,
      rateLimit: response.rateLimit,
      processedRegionId: response.processedRegionId,
    };
  }

  private async sendNative(request: NativeRequest): Promise<NativeResponse> {
    if (request.format === 'openai-responses' && this.native.formats.includes('openai-responses')) return relayOpenAiResponses(this.upstream, this.deployment, request);
    if (request.format !== 'openai-chat') throw new UpstreamFailure('rejected', `${this.deployment.id} does not speak ${request.format} natively`);
    const response = await this.upstream.send(request);
    if (response.kind === 'json') {
      if (response.body instanceof Uint8Array) throw new UpstreamFailure('interrupted', `${this.deployment.id}: expected a JSON answer`);
      // The answer as the upstream sent it (its bytes), not parsed and written again.
      return { kind: 'json', body: response.raw ?? response.body, usage: inferenceUsageOf(response.usage), rateLimit: response.rateLimit, processedRegionId: response.processedRegionId };
    }
    return {
      kind: 'stream',
      events: response.events,
      relay: response.relay,
      usage: () => {
        const usage = response.usage();
        return usage && inferenceUsageOf(usage);
      },
      outputSoFar: response.outputSoFar,
      rateLimit: response.rateLimit,
      processedRegionId: response.processedRegionId,
    };
  }

  close(): Promise<void> {
    return this.upstream.close();
  }
}

export const openAiCompatibleProviderFactory: InferenceProviderFactory = {
  kind: 'openai-compatible',
  create: (deployment, context) => new OpenAiCompatibleProvider(deployment, new OpenAiCompatibleUpstream(deployment, context.env)),
};

/**
 * Transitional (issue #10): an `UpstreamAdapter` of the older contract (bedrock, anthropic, until their folders
 * implement `InferenceProvider`) seen as an `InferenceProvider`. Its formats are its native pass-through; a
 * converted request reaches it through the OpenAI chat converters and the chat -> upstream format bridge, as it did
 * before the canonical model. An adapter with no such bridge serves only its native formats (`nativeOnly`).
 * Deleted with the bridges once every provider is on the canonical contract.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import type {
  InferenceProvider,
  InferenceProviderFactory,
  NativePassThrough,
  NativeRequest,
  NativeResponse,
  ProviderCallOptions,
  ProviderGenerateResponse,
  ProviderStreamResponse,
} from '../inference/inference-provider-contract.js';
import type { InferenceRequest } from '../inference/inference-request.js';
import type { InferenceStreamPart } from '../inference/inference-stream-part.js';
import type { InferenceUsage } from '../inference/inference-usage.js';
import { findFormatBridge, type BridgeContext, type FormatBridge } from '../pipeline/format-bridge.js';
import '../pipeline/bridges/register-format-bridges.js';
import { readChatResponse } from '../translate/read-upstream-responses.js';
import { readChatCompletionChunk } from '../translate/read-upstream-stream-events.js';
import { OutputTokenEstimate, outputTextLengthOfJson } from './estimate-output-tokens.js';
import { inferenceUsageOf } from './inference-usage-conversion.js';
import { OpenAiChatChunksToInferenceStream } from './openai-compatible/convert-openai-chat-chunks-to-inference-stream.js';
import { convertOpenAiChatResponseToInference } from './openai-compatible/convert-openai-chat-response-to-inference.js';
import { convertToOpenAiChatRequest } from './openai-compatible/convert-to-openai-chat-request.js';
import { UpstreamFailure, type UpstreamAdapter, type UpstreamFactory, type UpstreamStreamEvent } from './upstream-contract.js';

/** Output text of one event of the older adapters' wires (moved from the pipeline's stream counter). */
function outputTextLength(event: UpstreamStreamEvent): number {
  switch (event.format) {
    case 'openai-chat':
      return outputTextLengthOfJson(event.data);
    case 'bedrock-converse':
      return event.eventType === 'contentBlockDelta' ? outputTextLengthOfJson(JSON.stringify(event.body)) : 0;
    case 'bedrock-invoke':
      return outputTextLengthOfJson(Buffer.from(event.chunk).toString('utf8'));
    case 'anthropic-messages':
      return event.eventType === 'content_block_delta' ? outputTextLengthOfJson(event.data) : 0;
  }
}

async function* counted(events: AsyncIterable<UpstreamStreamEvent>, output: OutputTokenEstimate): AsyncGenerator<UpstreamStreamEvent> {
  for await (const event of events) {
    output.add(outputTextLength(event));
    yield event;
  }
}

export class LegacyUpstreamProvider implements InferenceProvider {
  readonly specificationVersion = 'georoute-inference-v1' as const;
  readonly native: NativePassThrough;
  readonly nativeOnly: boolean;
  private readonly bridge: FormatBridge | undefined;

  constructor(readonly adapter: UpstreamAdapter) {
    this.bridge = findFormatBridge('openai-chat', adapter.formats);
    this.nativeOnly = this.bridge === undefined;
    this.native = {
      formats: adapter.formats,
      accepts: (format, model) => adapter.speaksNatively(format, model),
      send: (request) => this.sendNative(request),
    };
  }

  get deployment(): Deployment {
    return this.adapter.deployment;
  }

  get capabilities(): InferenceProvider['capabilities'] {
    return this.adapter.capabilities;
  }

  private context(options: ProviderCallOptions): BridgeContext {
    return { requestId: options.requestId, requestedModelId: this.deployment.modelId, createdAt: Math.floor(Date.now() / 1000), latencyMs: () => 0, nativeFormat: this.deployment.nativeFormat };
  }

  private bridged(): FormatBridge {
    if (this.bridge === undefined) throw new UpstreamFailure('rejected', `${this.deployment.id} serves only its native formats`);
    return this.bridge;
  }

  async generate(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderGenerateResponse> {
    const bridge = this.bridged();
    const context = this.context(options);
    const body = bridge.convertRequest({ ...convertToOpenAiChatRequest(request), model: this.deployment.modelId }, context);
    const response = await this.adapter.send({ format: bridge.to, body, stream: false, ...options });
    if (response.kind !== 'json' || response.body instanceof Uint8Array) throw new UpstreamFailure('interrupted', `${this.deployment.id}: expected a JSON answer`);
    const result = convertOpenAiChatResponseToInference(readChatResponse(bridge.convertResponse(response.body, context)));
    return { result: { ...result, usage: inferenceUsageOf(response.usage) }, rateLimit: response.rateLimit, processedRegionId: response.processedRegionId };
  }

  async stream(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderStreamResponse> {
    const bridge = this.bridged();
    const context = this.context(options);
    const body = bridge.convertRequest({ ...convertToOpenAiChatRequest(request), model: this.deployment.modelId, stream: true }, context);
    const response = await this.adapter.send({ format: bridge.to, body, stream: true, ...options });
    if (response.kind !== 'stream') throw new UpstreamFailure('interrupted', `${this.deployment.id}: expected a stream`);
    const converter = bridge.createStreamConverter(context);
    const events = response.events;
    async function* parts(): AsyncGenerator<InferenceStreamPart> {
      const chunks = new OpenAiChatChunksToInferenceStream();
      const toParts = (events: UpstreamStreamEvent[]) =>
        events.flatMap((event) => (event.format === 'openai-chat' ? chunks.push(readChatCompletionChunk(event.data)) : []));
      for await (const event of events) yield* toParts(converter.push(event));
      yield* toParts(converter.finish());
      yield* chunks.finish();
    }
    return {
      parts: parts(),
      usage: (): InferenceUsage | undefined => {
        const usage = response.usage();
        return usage && inferenceUsageOf(usage);
      },
      rateLimit: response.rateLimit,
      processedRegionId: response.processedRegionId,
    };
  }

  private async sendNative(request: NativeRequest): Promise<NativeResponse> {
    const response = await this.adapter.send(request);
    if (response.kind === 'json') {
      return { kind: 'json', body: response.body, usage: inferenceUsageOf(response.usage), rateLimit: response.rateLimit, processedRegionId: response.processedRegionId } as NativeResponse;
    }
    const output = new OutputTokenEstimate();
    return {
      kind: 'stream',
      events: counted(response.events, output),
      usage: () => {
        const usage = response.usage();
        return usage && inferenceUsageOf(usage);
      },
      outputSoFar: () => output.snapshot(),
      rateLimit: response.rateLimit,
      processedRegionId: response.processedRegionId,
    };
  }

  close(): Promise<void> {
    return this.adapter.close();
  }
}

/** An older factory as an `InferenceProviderFactory`. */
export function legacyProviderFactory(factory: UpstreamFactory): InferenceProviderFactory {
  return {
    kind: factory.kind,
    create: async (deployment, context) =>
      new LegacyUpstreamProvider(await factory.create(deployment, { env: context.env, factoryFor: () => undefined })),
  };
}

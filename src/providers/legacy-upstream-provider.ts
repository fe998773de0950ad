/**
 * Transitional (issue #10): an `UpstreamAdapter` of the older contract (anthropic, until its folder implements
 * `InferenceProvider`) seen as an `InferenceProvider` that serves only its native formats (`nativeOnly`): the
 * pipeline never offers it a converted request. Deleted with the older contract.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import type {
  InferenceProvider,
  InferenceProviderFactory,
  NativePassThrough,
  NativeRequest,
  NativeResponse,
  ProviderGenerateResponse,
  ProviderStreamResponse,
} from '../inference/inference-provider-contract.js';
import { OutputTokenEstimate, outputTextLengthOfJson } from './estimate-output-tokens.js';
import { inferenceUsageOf } from './inference-usage-conversion.js';
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
    case 'openai-responses':
      // No legacy adapter speaks the Responses API (the openai-compatible provider relays it, counting on its own).
      return 0;
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
  readonly nativeOnly = true;

  constructor(readonly adapter: UpstreamAdapter) {
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

  get embeddings(): InferenceProvider['embeddings'] {
    return this.adapter.embeddings;
  }

  generate(): Promise<ProviderGenerateResponse> {
    return Promise.reject(new UpstreamFailure('rejected', `${this.deployment.id} serves only its native formats`));
  }

  stream(): Promise<ProviderStreamResponse> {
    return Promise.reject(new UpstreamFailure('rejected', `${this.deployment.id} serves only its native formats`));
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

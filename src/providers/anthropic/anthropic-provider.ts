/**
 * Provider kind `anthropic` on the canonical contract: a canonical request goes out as a Messages API call
 * (`convert-to-anthropic-messages-request.ts`) and its answer comes back as a canonical result or stream parts;
 * the native pass-through sends Messages bodies (and, for a Claude deployment, Bedrock Claude InvokeModel bodies)
 * with only the model substituted. The transport is `AnthropicUpstream`: `x-api-key`, `anthropic-version`,
 * `anthropic-beta`, SSE read event by event, `anthropic-ratelimit-*` and `retry-after` for the learned limit,
 * errors classified into failure kinds.
 */
import type { Deployment, Model } from '../../catalog/catalog-types.js';
import { GeorouteError } from '../../errors/error-catalog.js';
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
import type { InferenceStreamPart } from '../../inference/inference-stream-part.js';
import type { InferenceUsage } from '../../inference/inference-usage.js';
import type { WireEvent, WireFormat } from '../../inference/wire-format.js';
import { OutputTokenEstimate, outputTextLengthOfJson } from '../estimate-output-tokens.js';
import { inferenceUsageOf } from '../inference-usage-conversion.js';
import { UpstreamFailure } from '../upstream-contract.js';
import { anthropicCapabilities } from './anthropic-capabilities.js';
import { AnthropicUpstream } from './anthropic-upstream.js';
import { AnthropicEventsToInference } from './convert-anthropic-events-to-inference.js';
import { convertAnthropicMessageToInference } from './convert-anthropic-message-to-inference.js';
import { convertToAnthropicMessagesRequest } from './convert-to-anthropic-messages-request.js';

/** Anthropic requires `max_tokens`; a canonical request from a wire where it is optional gets this. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

function parseJsonObject(text: string, deploymentId: string, started: boolean): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through: not JSON (the text is content: never in the message)
  }
  throw new UpstreamFailure(started ? 'interrupted' : 'unavailable', `${deploymentId}: the upstream sent something that is not a JSON object`);
}

function outputTextLength(event: WireEvent): number {
  if (event.format === 'anthropic-messages') return event.eventType === 'content_block_delta' ? outputTextLengthOfJson(event.data) : 0;
  if (event.format === 'bedrock-invoke') return outputTextLengthOfJson(Buffer.from(event.chunk).toString('utf8'));
  return 0;
}

async function* counted(events: AsyncIterable<WireEvent>, output: OutputTokenEstimate): AsyncGenerator<WireEvent> {
  for await (const event of events) {
    output.add(outputTextLength(event));
    yield event;
  }
}

export class AnthropicProvider implements InferenceProvider {
  readonly specificationVersion = 'georoute-inference-v1' as const;
  readonly capabilities = anthropicCapabilities;
  readonly native: NativePassThrough;
  private readonly transport: AnthropicUpstream;

  constructor(readonly deployment: Deployment, env: NodeJS.ProcessEnv = process.env) {
    this.transport = new AnthropicUpstream(deployment, env);
    const formats: WireFormat[] = deployment.nativeFormat === 'anthropic' ? ['anthropic-messages', 'bedrock-invoke'] : ['anthropic-messages'];
    this.native = { formats, accepts: (format, model) => this.accepts(format, model), send: (request) => this.sendNative(request) };
  }

  /** Messages bodies always; a Bedrock InvokeModel body only when both the model and this deployment are Claude's. */
  private accepts(format: WireFormat, model: Model | undefined): boolean {
    if (format === 'bedrock-invoke') return model?.nativeFormat === 'anthropic' && this.deployment.nativeFormat === 'anthropic';
    return format === 'anthropic-messages';
  }

  private body(request: InferenceRequest, stream: boolean): Record<string, unknown> {
    const converted = convertToAnthropicMessagesRequest(request, { model: this.deployment.upstreamModel, stream, defaultMaxTokens: DEFAULT_ANTHROPIC_MAX_TOKENS });
    return converted.betas.length === 0 ? converted.body : { ...converted.body, anthropic_beta: converted.betas };
  }

  async generate(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderGenerateResponse> {
    const body = this.body(request, false);
    const response = await this.transport.send({ format: 'anthropic-messages', body, stream: false, signal: options.signal, requestId: options.requestId, traceHeaders: options.traceHeaders });
    if (response.kind !== 'json') throw new UpstreamFailure('unavailable', `${this.deployment.id}: the Messages API answered with a stream`);
    const text = response.body instanceof Uint8Array ? Buffer.from(response.body).toString('utf8') : JSON.stringify(response.body);
    try {
      return { result: convertAnthropicMessageToInference(parseJsonObject(text, this.deployment.id, false)), rateLimit: response.rateLimit };
    } catch (error) {
      if (error instanceof GeorouteError) throw new UpstreamFailure('unavailable', `${this.deployment.id}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  async stream(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderStreamResponse> {
    const body = this.body(request, true);
    const response = await this.transport.send({ format: 'anthropic-messages', body, stream: true, signal: options.signal, requestId: options.requestId, traceHeaders: options.traceHeaders });
    if (response.kind !== 'stream') throw new UpstreamFailure('unavailable', `${this.deployment.id}: the Messages API answered with JSON`);
    const { events } = response;
    const converter = new AnthropicEventsToInference();
    const deploymentId = this.deployment.id;
    async function* parts(): AsyncGenerator<InferenceStreamPart> {
      let started = false;
      for await (const event of events) {
        if (event.format !== 'anthropic-messages') continue;
        for (const part of converter.push(parseJsonObject(event.data, deploymentId, started))) yield part;
        started = true;
      }
    }
    return { parts: parts(), usage: (): InferenceUsage | undefined => converter.reportedUsage(), rateLimit: response.rateLimit };
  }

  private async sendNative(request: NativeRequest): Promise<NativeResponse> {
    if (!this.native.formats.includes(request.format)) throw new UpstreamFailure('rejected', `${this.deployment.id} does not take ${request.format} bodies`);
    const response = await this.transport.send({ format: request.format, body: request.body, stream: request.stream, signal: request.signal, requestId: request.requestId, traceHeaders: request.traceHeaders });
    if (response.kind === 'stream') {
      const output = new OutputTokenEstimate();
      const usage = (): InferenceUsage | undefined => {
        const reported = response.usage();
        return reported === undefined ? undefined : inferenceUsageOf(reported);
      };
      const relay = response.relay;
      return {
        kind: 'stream',
        // Made only for a consumer that pulls; a relayed stream never does.
        events: { [Symbol.asyncIterator]: () => counted(response.events, output) },
        relay: relay && ((write) => relay((event) => {
          output.add(outputTextLength(event));
          return write(event);
        })),
        usage,
        outputSoFar: () => output.snapshot(),
        rateLimit: response.rateLimit,
      };
    }
    const usage = inferenceUsageOf(response.usage);
    const bytes = response.body instanceof Uint8Array ? response.body : new Uint8Array(Buffer.from(JSON.stringify(response.body), 'utf8'));
    if (request.format === 'bedrock-invoke') return { kind: 'json', body: bytes, usage, rateLimit: response.rateLimit };
    return { kind: 'json', body: parseJsonObject(Buffer.from(bytes).toString('utf8'), this.deployment.id, false), usage, rateLimit: response.rateLimit };
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

export const anthropicProviderFactory: InferenceProviderFactory = {
  kind: 'anthropic',
  create: (deployment, context) => new AnthropicProvider(deployment, context.env),
};

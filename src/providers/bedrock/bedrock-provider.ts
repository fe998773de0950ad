/**
 * Provider kind `bedrock` on the canonical contract. A canonical request goes out as Converse / ConverseStream
 * (`convert-to-converse-request.ts`) and its answer comes back as a canonical result or stream parts; the native
 * pass-through sends Converse bodies, InvokeModel bodies of the deployment's own model family and, for a Claude
 * deployment, Anthropic Messages bodies (as Claude's InvokeModel body) with only the model id substituted. The
 * transport is `BedrockUpstream`: SigV4 signed anew per request (or a Bedrock API key), event streams read frame
 * by frame, usage from bodies, frames and `x-amzn-bedrock-*` headers, errors classified into failure kinds.
 */
import type { Deployment, Model } from '../../catalog/catalog-types.js';
import { GeorouteError } from '../../errors/error-catalog.js';
import type { DeploymentCapabilities } from '../../inference/deployment-capabilities.js';
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
import type { WireEvent, WireFormat } from '../../inference/wire-format.js';
import { readConverseResponse, readConverseStreamEvent } from '../../surfaces/bedrock-converse/converse-response-schema.js';
import { UpstreamFailure } from '../upstream-contract.js';
import type { UpstreamResponse } from '../upstream-transport.js';
import { bedrockCapabilities } from './bedrock-capabilities.js';
import { BedrockUpstream } from './bedrock-upstream.js';
import { convertConverseResponseToInference } from './convert-converse-response-to-inference.js';
import { ConverseStreamToInference } from './convert-converse-stream-to-inference.js';
import { convertToConverseRequest } from './convert-to-converse-request.js';
import { OutputTokenEstimate, outputTextLengthOfJson } from '../estimate-output-tokens.js';
import { inferenceUsageOf } from '../inference-usage-conversion.js';

function nativeFormatsOf(deployment: Deployment): WireFormat[] {
  const formats: WireFormat[] = ['bedrock-converse'];
  if (deployment.nativeFormat !== undefined) formats.push('bedrock-invoke');
  if (deployment.nativeFormat === 'anthropic') formats.push('anthropic-messages');
  return formats;
}

/** Output text in one relayed event, for accounting a stream that is cut or never reports usage. */
function outputTextLength(event: WireEvent): number {
  switch (event.format) {
    case 'bedrock-converse': {
      if (event.eventType !== 'contentBlockDelta') return 0;
      const delta = (event.body as { delta?: { text?: unknown; toolUse?: { input?: unknown }; reasoningContent?: { text?: unknown } } }).delta;
      const lengths = [delta?.text, delta?.toolUse?.input, delta?.reasoningContent?.text].map((value) => (typeof value === 'string' ? value.length : 0));
      return lengths.reduce((sum, length) => sum + length, 0);
    }
    case 'bedrock-invoke':
      return outputTextLengthOfJson(Buffer.from(event.chunk).toString('utf8'));
    case 'anthropic-messages':
      return event.eventType === 'content_block_delta' ? outputTextLengthOfJson(event.data) : 0;
    default:
      return 0;
  }
}

async function* counted(events: AsyncIterable<WireEvent>, output: OutputTokenEstimate): AsyncGenerator<WireEvent> {
  for await (const event of events) {
    output.add(outputTextLength(event));
    yield event;
  }
}

/** A malformed answer is the upstream's failure: before anything was relayed it may fail over, after it cannot. */
function asFailure(error: unknown, deploymentId: string, started: boolean): unknown {
  if (!(error instanceof GeorouteError) || error.code === 'invalid_request') return error;
  return new UpstreamFailure(started ? 'interrupted' : 'unavailable', `${deploymentId}: ${error.message}`, { cause: error });
}

function jsonObjectOf(body: Record<string, unknown> | Uint8Array, deploymentId: string): Record<string, unknown> {
  if (!(body instanceof Uint8Array)) return body;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through: not JSON
  }
  throw new UpstreamFailure('unavailable', `${deploymentId}: the response is not a JSON object`);
}

export class BedrockProvider implements InferenceProvider {
  readonly specificationVersion = 'georoute-inference-v1' as const;
  readonly capabilities: DeploymentCapabilities;
  readonly native: NativePassThrough;
  private readonly transport: BedrockUpstream;

  constructor(readonly deployment: Deployment, env: NodeJS.ProcessEnv = process.env) {
    this.transport = new BedrockUpstream(deployment, env);
    this.capabilities = bedrockCapabilities(deployment);
    this.native = {
      formats: nativeFormatsOf(deployment),
      accepts: (format, model) => this.accepts(format, model),
      // InvokeModel's guardrail, trace and latency headers go to Bedrock with the body.
      takesWireOptions: (format) => format === 'bedrock-invoke',
      send: (request) => this.sendNative(request),
    };
  }

  /** For a deployment of an embedding model: InvokeModel with its family's body (bedrock-embedding-provider.ts). */
  get embeddings(): EmbeddingProvider | undefined {
    return this.transport.embeddings;
  }

  /** Converse and (Claude) Messages bodies always; an InvokeModel body only of this deployment's own model family. */
  private accepts(format: WireFormat, model: Model | undefined): boolean {
    if (format === 'bedrock-invoke') return model?.nativeFormat !== undefined && model.nativeFormat === this.deployment.nativeFormat;
    return this.native.formats.includes(format);
  }

  private converse(request: InferenceRequest): Record<string, unknown> {
    return { ...convertToConverseRequest(request, { family: this.deployment.nativeFormat }) };
  }

  async generate(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderGenerateResponse> {
    const body = this.converse(request);
    const response = await this.transport.send({ format: 'bedrock-converse', body, stream: false, signal: options.signal, requestId: options.requestId, traceHeaders: options.traceHeaders });
    if (response.kind !== 'json' || response.body instanceof Uint8Array) throw new UpstreamFailure('unavailable', `${this.deployment.id}: Converse answered with a stream`);
    try {
      return { result: convertConverseResponseToInference(readConverseResponse(response.body)), rateLimit: response.rateLimit };
    } catch (error) {
      throw asFailure(error, this.deployment.id, false);
    }
  }

  async stream(request: InferenceRequest, options: ProviderCallOptions): Promise<ProviderStreamResponse> {
    const body = this.converse(request);
    const response = await this.transport.send({ format: 'bedrock-converse', body, stream: true, signal: options.signal, requestId: options.requestId, traceHeaders: options.traceHeaders });
    if (response.kind !== 'stream') throw new UpstreamFailure('unavailable', `${this.deployment.id}: ConverseStream answered with JSON`);
    const deploymentId = this.deployment.id;
    const events = response.events;
    let usage: InferenceUsage | undefined;
    async function* parts(): AsyncGenerator<InferenceStreamPart> {
      const converter = new ConverseStreamToInference();
      let started = false;
      for await (const event of events) {
        if (event.format !== 'bedrock-converse') continue;
        let converted: InferenceStreamPart[];
        try {
          const read = readConverseStreamEvent(event.eventType, event.body);
          converted = read === undefined ? [] : converter.push(read);
        } catch (error) {
          throw asFailure(error, deploymentId, started);
        }
        for (const part of converted) {
          if (part.type === 'usage') usage = part.usage;
          started = true;
          yield part;
        }
      }
      yield* converter.end();
    }
    return { parts: parts(), usage: () => usage, rateLimit: response.rateLimit };
  }

  private async sendNative(request: NativeRequest): Promise<NativeResponse> {
    if (!this.native.formats.includes(request.format)) throw new UpstreamFailure('rejected', `${this.deployment.id} does not take ${request.format} bodies`);
    const response: UpstreamResponse = await this.transport.send({
      format: request.format,
      body: request.body,
      stream: request.stream,
      signal: request.signal,
      requestId: request.requestId,
      traceHeaders: request.traceHeaders,
      serviceTier: request.serviceTier,
      wireOptions: request.wireOptions,
    });
    if (response.kind === 'stream') {
      const usage = response.usage;
      const seen = (): InferenceUsage | undefined => {
        const reported = usage();
        return reported === undefined ? undefined : inferenceUsageOf(reported);
      };
      const output = new OutputTokenEstimate();
      const { events, relay } = response;
      return {
        kind: 'stream',
        events: { [Symbol.asyncIterator]: () => counted(events, output) },
        relay: relay && ((write) => relay((event) => {
          output.add(outputTextLength(event));
          return write(event);
        })),
        usage: seen,
        outputSoFar: () => output.snapshot(),
        rateLimit: response.rateLimit,
      };
    }
    const usage = inferenceUsageOf(response.usage);
    if (request.format === 'bedrock-invoke') {
      const bytes = response.body instanceof Uint8Array ? response.body : new Uint8Array(Buffer.from(JSON.stringify(response.body), 'utf8'));
      return { kind: 'json', body: bytes, usage, rateLimit: response.rateLimit };
    }
    return { kind: 'json', body: jsonObjectOf(response.body, this.deployment.id), usage, rateLimit: response.rateLimit };
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

export const bedrockProviderFactory: InferenceProviderFactory = {
  kind: 'bedrock',
  create: (deployment, context) => new BedrockProvider(deployment, context.env),
};

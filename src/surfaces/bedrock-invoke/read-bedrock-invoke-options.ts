/**
 * InvokeModel's request options outside the body: `X-Amzn-Bedrock-GuardrailIdentifier` with `-GuardrailVersion`
 * and `-Trace` (`ENABLED`, `DISABLED`, `ENABLED_FULL`), and `X-Amzn-Bedrock-PerformanceConfig-Latency` (`standard`,
 * `optimized`). They are read as they came, for the fast path to Bedrock (`NativePassThrough.takesWireOptions`),
 * and as the Converse members they are (`guardrailConfig`, `performanceConfig`) in the canonical request's Bedrock
 * options, so a converted path that cannot apply a guardrail refuses it by name instead of answering without it.
 * A version or trace without a guardrail identifier asks nothing, nor does the default `standard` latency. A value Bedrock does not take is a 400. Pure but
 * for reading the headers.
 */
import { GeorouteError } from '../../errors/error-catalog.js';
import type { ParsedSurfaceRequest } from '../../inference/inbound-surface-contract.js';
import type { InferenceSettingName } from '../../inference/inference-settings.js';
import { headerValue, type HttpExchange } from '../../server/http-exchange.js';

const GUARDRAIL = 'x-amzn-bedrock-guardrailidentifier';
const GUARDRAIL_VERSION = 'x-amzn-bedrock-guardrailversion';
const TRACE = 'x-amzn-bedrock-trace';
const LATENCY = 'x-amzn-bedrock-performanceconfig-latency';

const TRACES: readonly string[] = ['ENABLED', 'DISABLED', 'ENABLED_FULL'];
const LATENCIES: readonly string[] = ['standard', 'optimized'];

/** The headers' names in errors that name a refused option (the canonical Bedrock option each became). */
export const INVOKE_OPTION_NAMES: Readonly<Partial<Record<InferenceSettingName, string>>> = {
  'providerOptions.bedrock.guardrailConfig': 'X-Amzn-Bedrock-GuardrailIdentifier',
  'providerOptions.bedrock.performanceConfig': 'X-Amzn-Bedrock-PerformanceConfig-Latency',
};

function oneOf(value: string, allowed: readonly string[], header: string): string {
  if (!allowed.includes(value)) throw new GeorouteError('invalid_request', `${header} must be one of ${allowed.join(', ')}.`, { param: header });
  return value;
}

/** The options the request's headers set, by lower-case header name; undefined when it sets none. */
export function readBedrockInvokeOptions(exchange: HttpExchange): Readonly<Record<string, string>> | undefined {
  const options: Record<string, string> = {};
  const guardrail = headerValue(exchange.request, GUARDRAIL);
  if (guardrail !== undefined && guardrail !== '') {
    options[GUARDRAIL] = guardrail;
    const version = headerValue(exchange.request, GUARDRAIL_VERSION);
    if (version !== undefined) options[GUARDRAIL_VERSION] = version;
    const trace = headerValue(exchange.request, TRACE);
    if (trace !== undefined) options[TRACE] = oneOf(trace, TRACES, 'X-Amzn-Bedrock-Trace');
  }
  const latency = headerValue(exchange.request, LATENCY);
  if (latency !== undefined) options[LATENCY] = oneOf(latency, LATENCIES, 'X-Amzn-Bedrock-PerformanceConfig-Latency');
  return Object.keys(options).length === 0 ? undefined : options;
}

/**
 * An embedding request's options: the embedding path has no guardrail or latency setting to carry them, so any is a
 * 400 naming its header rather than vectors computed without it.
 */
export function refuseEmbeddingInvokeOptions(options: Readonly<Record<string, string>> | undefined): void {
  if (options === undefined || (options[GUARDRAIL] === undefined && options[LATENCY] === 'standard')) return;
  const header = options[GUARDRAIL] !== undefined ? 'X-Amzn-Bedrock-GuardrailIdentifier' : 'X-Amzn-Bedrock-PerformanceConfig-Latency';
  throw new GeorouteError('invalid_request', `No deployment of an embedding model can honour ${header}: guardrails and latency-optimized inference apply to text generation.`, { param: header });
}

/** The parsed request with the options as Converse's `guardrailConfig` and `performanceConfig` Bedrock options. */
export function withInvokeOptions(parsed: ParsedSurfaceRequest, options: Readonly<Record<string, string>> | undefined): ParsedSurfaceRequest {
  if (options === undefined) return parsed;
  const bedrock: Record<string, Record<string, string>> = {};
  const guardrail = options[GUARDRAIL];
  if (guardrail !== undefined) {
    const version = options[GUARDRAIL_VERSION];
    const trace = options[TRACE];
    bedrock.guardrailConfig = { guardrailIdentifier: guardrail, ...(version === undefined ? {} : { guardrailVersion: version }), ...(trace === undefined ? {} : { trace: trace.toLowerCase() }) };
  }
  const latency = options[LATENCY];
  // The standard latency is Bedrock's default: it asks nothing of a converted path.
  if (latency !== undefined && latency !== 'standard') bedrock.performanceConfig = { latency };
  const { request } = parsed;
  return { ...parsed, request: { ...request, providerOptions: { ...request.providerOptions, bedrock: { ...request.providerOptions?.bedrock, ...bedrock } } } };
}

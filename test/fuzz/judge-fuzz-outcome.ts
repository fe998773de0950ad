/**
 * The fuzzer's oracle: what any answer to any request must look like. Never a 5xx (the fuzz setup has no upstream
 * outage), an answer to every well-formed request, and every error in its surface's wire format: OpenAI's
 * `{"error":{"message","type","code"}}` JSON, or for Bedrock paths (`/model/...`, `/inference-profiles...`, `/foundation-models`, the tag operations) an
 * `x-amzn-errortype` header and `{"message"}` JSON.
 */
import type { FuzzCase } from './generate-fuzz-case.js';
import type { RawOutcome, RawResponse } from './raw-http-exchange.js';

export type WireSurface = 'openai' | 'bedrock';

/** The label a case is counted under: its status, or what happened instead. */
export type OutcomeLabel = string;

export interface Judgement {
  label: OutcomeLabel;
  violation?: string;
  /** The answer was accepted in OpenAI's shape on a Bedrock path because no Bedrock surface serves it yet. */
  lenient?: boolean;
}

export interface JudgeOptions {
  /** Does the running gateway have a Bedrock surface answering for this path? If not, OpenAI's shape is accepted. */
  bedrockSurfaceServes(path: string): boolean;
}

/** Bedrock Runtime and control-plane paths (AWS's REST paths: InvokeModel, inference profiles, foundation models, tags). */
const BEDROCK_PATH_PREFIXES = ['/model/', '/inference-profiles', '/foundation-models', '/tagResource', '/untagResource', '/listTagsForResource'];

/** The surface a path belongs to, by the specification (not by asking the gateway). */
export function expectedSurface(target: string): WireSurface {
  const path = target.split('?')[0];
  return path === '/model' || BEDROCK_PATH_PREFIXES.some((prefix) => path.startsWith(prefix)) ? 'bedrock' : 'openai';
}

export function judgeFuzzOutcome(fuzzCase: FuzzCase, outcome: RawOutcome, options: JudgeOptions): Judgement {
  const { response } = outcome;
  if (outcome.http2) return { label: 'h2-frames' };
  if (!response) {
    const label = outcome.timedOut ? 'no-answer(timeout)' : 'closed';
    if (fuzzCase.malformedHttp || fuzzCase.truncated) return { label };
    return { label, violation: `no answer to a well-formed request (${label}, ${outcome.received} bytes)` };
  }
  const label = String(response.status);
  if (response.status >= 500) return { label, violation: `${response.status} for a client's request: ${preview(response.body)}` };
  if (fuzzCase.expectStatus !== undefined && response.status !== fuzzCase.expectStatus) {
    return { label, violation: `expected ${fuzzCase.expectStatus}, got ${response.status}: ${preview(response.body)}` };
  }
  if (response.status < 400 || fuzzCase.method === 'HEAD') return { label };
  if (response.body.length === 0 && (fuzzCase.malformedHttp || fuzzCase.truncated)) return { label: `${label}(http-parser)` };

  const surface = expectedSurface(fuzzCase.target);
  if (surface === 'bedrock') {
    const bedrockProblem = bedrockShapeProblem(response);
    if (bedrockProblem === undefined) return { label };
    if (!options.bedrockSurfaceServes(fuzzCase.target.split('?')[0]) && openAiShapeProblem(response) === undefined) return { label, lenient: true };
    return { label, violation: `not in Bedrock's error shape: ${bedrockProblem}` };
  }
  const problem = openAiShapeProblem(response);
  return problem === undefined ? { label } : { label, violation: `not in OpenAI's error shape: ${problem}` };
}

function parseJson(response: RawResponse): unknown {
  try {
    return JSON.parse(response.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function openAiShapeProblem(response: RawResponse): string | undefined {
  if (!/application\/json/.test(response.headers['content-type'] ?? '')) return `content-type ${response.headers['content-type'] ?? '(none)'}; body ${preview(response.body)}`;
  const parsed = parseJson(response) as { error?: { message?: unknown; type?: unknown; code?: unknown } } | undefined;
  const error = parsed?.error;
  if (!error || typeof error !== 'object') return `no "error" object: ${preview(response.body)}`;
  if (typeof error.message !== 'string' || error.message.length === 0) return 'error.message is not a non-empty string';
  if (typeof error.type !== 'string' || error.type.length === 0) return 'error.type is not a non-empty string';
  if (typeof error.code !== 'string' || error.code.length === 0) return 'error.code is not a non-empty string';
  return undefined;
}

export function bedrockShapeProblem(response: RawResponse): string | undefined {
  const type = response.headers['x-amzn-errortype'];
  if (!type) return `no x-amzn-errortype header; body ${preview(response.body)}`;
  if (!/application\/json/.test(response.headers['content-type'] ?? '')) return `content-type ${response.headers['content-type'] ?? '(none)'}`;
  const parsed = parseJson(response) as { message?: unknown } | undefined;
  if (!parsed || typeof parsed.message !== 'string' || parsed.message.length === 0) return `no "message" string: ${preview(response.body)}`;
  return undefined;
}

function preview(body: Buffer): string {
  const text = body.toString('utf8');
  return text.length > 160 ? `${text.slice(0, 160)}...` : text;
}

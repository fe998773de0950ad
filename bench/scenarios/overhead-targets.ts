/**
 * The overhead scenario's targets, (a) to (e): the same OpenAI chat request, sent to each server with the
 * headers that server needs. Georoute targets exist bare and "secure" (bearer key + audit trail on; the eu.
 * secure target also logs as `npm start` does, one access-log line per request).
 */
import { BENCH_API_KEY, BENCH_MODEL } from '../lib/gateway-bench-config.js';
import type { BenchServer } from '../lib/bench-servers.js';

export type OverheadTargetId = 'direct' | 'plain-proxy' | 'pass-through' | 'georoute-one' | 'georoute-one-secure' | 'georoute-eu' | 'georoute-eu-secure' | 'portkey';
export type Workload = 'json' | 'stream';

export interface OverheadTarget {
  id: OverheadTargetId;
  label: string;
  server: BenchServer;
  /** The model field: the bare id (one region), `eu.<id>` (spillover profile), or anything for the others. */
  model: string;
  headers: Record<string, string>;
}

export const TARGET_LABELS: Record<OverheadTargetId, string> = {
  direct: '(a) direct to the mock',
  'plain-proxy': '(b) plain node:http proxy, keep-alive http.Agent (the Node limit)',
  'pass-through': '(b2) node:http + undici Pool pass-through',
  'georoute-one': '(c) georoute, one-region profile',
  'georoute-one-secure': '(c+) georoute, one region, auth + audit',
  'georoute-eu': '(d) georoute, eu. profile (5 regions)',
  'georoute-eu-secure': '(d+) georoute, eu. profile, auth + audit + access log',
  portkey: '(e) Portkey gateway',
};

/** The same request in Anthropic's Messages wire (`bench:profile -- --wire anthropic`). */
export function anthropicRequestBody(model: string, workload: Workload): string {
  return JSON.stringify({
    model,
    system: 'You are terse.',
    messages: [{ role: 'user', content: 'Say hello in five words.' }],
    max_tokens: 20,
    ...(workload === 'stream' ? { stream: true } : {}),
  });
}

/** The same request in OpenAI's Responses wire (`bench:profile -- --wire responses`). */
export function responsesRequestBody(model: string, workload: Workload): string {
  return JSON.stringify({
    model,
    instructions: 'You are terse.',
    input: 'Say hello in five words.',
    max_output_tokens: 20,
    ...(workload === 'stream' ? { stream: true } : {}),
  });
}

/** A Converse request (`bench:profile -- --wire bedrock`): the model and streaming are in the path, not the body. */
export function converseRequestBody(_model: string, _workload: Workload): string {
  return JSON.stringify({
    system: [{ text: 'You are terse.' }],
    messages: [{ role: 'user', content: [{ text: 'Say hello in five words.' }] }],
    inferenceConfig: { maxTokens: 20 },
  });
}

export function requestBody(model: string, workload: Workload): string {
  return JSON.stringify({
    model,
    messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Say hello in five words.' }],
    max_tokens: 20,
    ...(workload === 'stream' ? { stream: true } : {}),
  });
}

export function targetFor(id: OverheadTargetId, server: BenchServer, mockUrl: string): OverheadTarget {
  const json = { 'content-type': 'application/json' };
  const bearer = { authorization: `Bearer ${BENCH_API_KEY}` };
  switch (id) {
    case 'direct':
    case 'plain-proxy':
    case 'pass-through':
      return { id, label: TARGET_LABELS[id], server, model: 'bench-model', headers: json };
    case 'georoute-one':
      return { id, label: TARGET_LABELS[id], server, model: BENCH_MODEL, headers: json };
    case 'georoute-one-secure':
      return { id, label: TARGET_LABELS[id], server, model: BENCH_MODEL, headers: { ...json, ...bearer } };
    case 'georoute-eu':
      return { id, label: TARGET_LABELS[id], server, model: `eu.${BENCH_MODEL}`, headers: json };
    case 'georoute-eu-secure':
      return { id, label: TARGET_LABELS[id], server, model: `eu.${BENCH_MODEL}`, headers: { ...json, ...bearer } };
    case 'portkey':
      return {
        id,
        label: TARGET_LABELS[id],
        server,
        model: 'bench-model',
        headers: { ...json, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${mockUrl}/v1`, authorization: 'Bearer sk-bench-unused' },
      };
  }
}

/**
 * Shared by the fault drills: plain HTTP calls to a running test gateway (chat completions, routing explain), the
 * audit record of a request, per-deployment config tweaks, and polling for a state to be reached.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { sqliteAuditStorePath } from '../../src/audit/sqlite-audit-store.js';
import type { Deployment } from '../../src/catalog/catalog-types.js';
import type { RouteExplanation } from '../../src/gateway/explain-route.js';
import type { DeploymentSnapshot } from '../../src/routing/routing-contract.js';
import { NOVA_LITE, type TestGateway } from '../support/test-gateway.js';

export const EU_PROFILE = `eu.${NOVA_LITE}`;

export interface ChatCall {
  model?: string;
  source?: string;
  stream?: boolean;
  maxTokens?: number;
  content?: string;
  requestId?: string;
  signal?: AbortSignal;
}

export interface ChatAnswer {
  status: number;
  headers: Headers;
  /** The whole body (for a stream: every SSE line), read to its end or to the break. */
  text: string;
  /** The body could not be read to a clean end (connection reset, as after a stream's error event). */
  cutOff: boolean;
  inferenceRegion: string | null;
  attempts: number;
  requestId: string | null;
}

/** The drills' chat request: `x-georoute-source-region`, optional request id, the EU profile by default. */
function postChat(gateway: TestGateway, call: ChatCall, stream: boolean): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-georoute-source-region': call.source ?? 'eu-central-1' };
  if (call.requestId) headers['x-request-id'] = call.requestId;
  return fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers,
    signal: call.signal,
    body: JSON.stringify({
      model: call.model ?? EU_PROFILE,
      messages: [{ role: 'user', content: call.content ?? 'drill' }],
      max_tokens: call.maxTokens ?? 8,
      ...(stream ? { stream: true } : {}),
    }),
  });
}

/** POST /v1/chat/completions with fetch; never throws for an HTTP status or a broken body. */
export async function chat(gateway: TestGateway, call: ChatCall = {}): Promise<ChatAnswer> {
  const response = await postChat(gateway, call, call.stream === true);
  let text = '';
  let cutOff = false;
  try {
    text = await response.text();
  } catch {
    cutOff = true;
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    cutOff,
    inferenceRegion: response.headers.get('x-georoute-inference-region'),
    attempts: Number(response.headers.get('x-georoute-attempts') ?? 0),
    requestId: response.headers.get('x-request-id'),
  };
}

/** A streamed answer read chunk by chunk, so a body cut after an error event still shows what arrived. */
export async function chatStreamText(gateway: TestGateway, call: ChatCall = {}): Promise<ChatAnswer> {
  const response = await postChat(gateway, call, true);
  let text = '';
  let cutOff = false;
  const decoder = new TextDecoder();
  try {
    if (response.body) for await (const chunk of response.body) text += decoder.decode(chunk, { stream: true });
  } catch {
    cutOff = true;
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    cutOff,
    inferenceRegion: response.headers.get('x-georoute-inference-region'),
    attempts: Number(response.headers.get('x-georoute-attempts') ?? 0),
    requestId: response.headers.get('x-request-id'),
  };
}

/** A stream that ended cleanly: `[DONE]` and no error event. */
export function streamEndedCleanly(answer: ChatAnswer): boolean {
  return answer.text.includes('data: [DONE]') && !answer.text.includes('event: error');
}

/** A stream that ended with an explicit error event and no `[DONE]`. */
export function streamEndedWithError(answer: ChatAnswer): boolean {
  return answer.text.includes('event: error') && !answer.text.includes('[DONE]');
}

export async function explain(gateway: TestGateway, profile = EU_PROFILE, source = 'eu-central-1'): Promise<RouteExplanation> {
  const response = await fetch(`${gateway.url}/admin/explain?profile=${encodeURIComponent(profile)}&source=${encodeURIComponent(source)}`);
  if (response.status !== 200) throw new Error(`explain answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as RouteExplanation;
}

export async function candidateIn(gateway: TestGateway, region: string, profile = EU_PROFILE, source = 'eu-central-1'): Promise<RouteExplanation['candidates'][number]> {
  const found = (await explain(gateway, profile, source)).candidates.find((c) => c.region === region);
  if (!found) throw new Error(`no candidate in ${region}`);
  return found;
}

export function novaDeployment(gateway: TestGateway, region: string): Deployment {
  const found = gateway.loaded.catalog.deployments.find((d) => d.regionId === region && d.modelId === NOVA_LITE);
  if (!found) throw new Error(`no deployment in ${region}`);
  return found;
}

/** The gateway's own view of a deployment (learned limits, Retry-After), read from its capacity store. */
export function capacitySnapshot(gateway: TestGateway, region: string): Promise<DeploymentSnapshot> {
  return gateway.context.capacity.snapshot(novaDeployment(gateway, region), Date.now());
}

/** The audit record of one request (by the gateway's id or the client's `x-request-id`), read from the source region's SQLite store (read-only). */
export function auditRecordOf(gateway: TestGateway, sourceRegion: string, requestId: string): AuditRecord | undefined {
  const path = sqliteAuditStorePath(gateway.dataDir, sourceRegion);
  if (!existsSync(path)) return undefined;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], { record_json: string }>('SELECT record_json FROM audit_records ORDER BY sequence').all();
    return rows.map((row) => JSON.parse(row.record_json) as AuditRecord).find((record) => record.requestID === requestId || record.additionalEventData.clientRequestId === requestId);
  } finally {
    db.close();
  }
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs` (generous). */
export async function waitUntil<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Returns `config` with `patch` merged into the deployments of the given regions (timeouts, sim pacing...). */
export function patchDeployments(config: Record<string, unknown>, regions: readonly string[], patch: Record<string, unknown>): Record<string, unknown> {
  const deployments = config.deployments as Array<Record<string, unknown>>;
  return {
    ...config,
    deployments: deployments.map((d) => (regions.includes(String(d.region)) ? { ...d, ...patch } : d)),
  };
}

/** Merges routing settings over testConfig's defaults (queue and breaker are merged one level deep). */
export function routing(config: Record<string, unknown>, settings: { maxAttempts?: number; deadlineMs?: number; queue?: Record<string, number>; breaker?: Record<string, number> }): Record<string, unknown> {
  const current = config.routing as { queue: Record<string, number>; breaker: Record<string, number> } & Record<string, unknown>;
  return {
    ...config,
    routing: {
      ...current,
      ...settings,
      queue: { ...current.queue, ...settings.queue },
      breaker: { ...current.breaker, ...settings.breaker },
    },
  };
}

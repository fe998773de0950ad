/** Shared by the simulator tests: a fast simulator, JSON requests and streamed bodies with undici, and polling for a condition. */
import { request } from 'undici';
import { startRegionSimulator } from '../../sim/region-simulator.js';
import type { RunningSimulator, SimulatorOptions } from '../../sim/simulator-types.js';

/** A simulator with near-instant pacing (ttft 5 ms, 5000 tokens/s) unless the options say otherwise. */
export function startFastSimulator(options: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  return startRegionSimulator({ regionId: 'eu-central-1', timeToFirstTokenMs: 5, tokensPerSecond: 5000, ...options });
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

/** POSTs a JSON body and reads the streamed answer to its end; `broken` when the connection was cut instead of ended. */
export async function readStreamedBody(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; bytes: Buffer; broken: boolean }> {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const chunks: Buffer[] = [];
  let broken = false;
  try {
    for await (const chunk of response.body) chunks.push(chunk as Buffer);
  } catch {
    broken = true;
  }
  return { status: response.statusCode, bytes: Buffer.concat(chunks), broken };
}

export async function getJson(url: string): Promise<JsonResponse> {
  const response = await request(url);
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: JSON.parse(text) as unknown };
}

/** Polls `condition` every 5 ms; rejects after `timeoutMs` (generous by default). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const chatBody = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'sim-model',
  messages: [{ role: 'user', content }],
  ...extra,
});

export const converseBody = (text: string, extra: Record<string, unknown> = {}) => ({
  messages: [{ role: 'user', content: [{ text }] }],
  ...extra,
});

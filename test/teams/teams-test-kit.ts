/** What the key and limit tests share: an admin key, calls to the admin API, and a config with managed keys. Not a test file. */
import { randomBytes } from 'node:crypto';
import { testConfig } from '../support/test-gateway.js';

export const ADMIN_KEY = 'admin-key-of-the-teams-tests';
export const STATE_SECRET = randomBytes(32).toString('hex');

export function teamsEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, TEAMS_ADMIN_KEY: ADMIN_KEY, TEAMS_STATE_SECRET: STATE_SECRET, ...extra };
}

export function teamsConfig(state: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return testConfig({
    auth: { apiKeys: [{ id: 'bootstrap-admin', keyEnv: 'TEAMS_ADMIN_KEY', admin: true }] },
    overrides: { state: { secretKeyEnv: 'TEAMS_STATE_SECRET', refreshMs: 200, ...state }, ...overrides },
  });
}

export async function adminCall<T = Record<string, unknown>>(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export interface CreatedKey {
  key: { id: string; name: string; team?: string; hint: string; status: string };
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export async function createKey(url: string, body: Record<string, unknown>): Promise<CreatedKey> {
  const { status, body: created } = await adminCall<CreatedKey>(url, 'POST', '/admin/keys', body);
  if (status !== 201) throw new Error(`creating a key answered ${status}: ${JSON.stringify(created)}`);
  return created;
}

export function chatBody(model: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], max_tokens: 20, ...extra });
}

export async function chat(url: string, key: string, model: string, extra: Record<string, unknown> = {}): Promise<Response> {
  const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: chatBody(model, extra) });
  await response.clone().arrayBuffer();
  return response;
}

/**
 * When less than `marginMs` is left of the current UTC minute, waits for the next one, so that a test counting in a
 * per-minute window (requests or tokens per minute) runs inside one window instead of across two.
 */
export async function startEarlyInAMinute(marginMs = 10_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

/** Polls until `check` is true (usage is added after the answer); generous, never an assertion on time. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The key admin API (docs/admin-api.md), admin identities only: managed keys (`/admin/keys`), team limits
 * (`/admin/teams`) and use against every limit (`/admin/usage`). A created or rotated key's secret is in that
 * answer only. Errors are the admin surface's (OpenAI-shaped) JSON.
 */
import type { GatewayContext } from '../../gateway/gateway-context.js';
import type { IssuedKey } from '../../keys/key-admin-service.js';
import { createKeyRequestSchema, parseAdminBody, teamLimitsRequestSchema, updateKeyRequestSchema } from '../../keys/key-admin-requests.js';
import type { ManagedKey } from '../../keys/managed-key.js';
import { limitsFromConfig, limitsToConfig } from '../../limits/limits.js';
import { listLimitedSubjects } from '../../limits/list-limited-subjects.js';
import { reportUsage } from '../../limits/usage-report.js';
import type { HttpExchange } from '../../server/http-exchange.js';
import { parseJsonObject, readRequestBody } from '../../server/read-request-body.js';
import type { ApiRoute } from '../api-route.js';
import { requireAdmin, sendJson } from './admin-routes.js';

/** A key as the API and the CLI show it: times in ISO-8601, limits in the configuration's shape, no secret. */
export function keyJson(key: ManagedKey): Record<string, unknown> {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  return {
    ...key,
    createdAt: iso(key.createdAt),
    updatedAt: iso(key.updatedAt),
    expiresAt: iso(key.expiresAt),
    revokedAt: iso(key.revokedAt),
    limits: key.limits && limitsToConfig(key.limits),
    status: key.revokedAt !== undefined ? 'revoked' : key.expiresAt !== undefined && key.expiresAt <= Date.now() ? 'expired' : 'active',
  };
}

export function issuedJson(issued: IssuedKey): Record<string, unknown> {
  const { key, ...secret } = issued;
  return { key: keyJson(key), ...secret, notice: 'The secret is shown this once; georoute keeps only its hash (API keys) or a sealed copy (access keys).' };
}

async function readBody(gateway: GatewayContext, exchange: HttpExchange): Promise<unknown> {
  const raw = await readRequestBody(exchange.request, gateway.loaded.config.server.maxBodyBytes);
  return raw.length === 0 ? {} : parseJsonObject(raw);
}

function admin(handle: (gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>) => Promise<void>): ApiRoute['handle'] {
  return async (gateway, exchange, params) => {
    requireAdmin(gateway, exchange);
    await handle(gateway, exchange, params);
  };
}

const keyPath = /^\/admin\/keys\/(?<id>[A-Za-z0-9_-]{1,64})$/;

export const keyAdminRoutes: readonly ApiRoute[] = [
  {
    method: 'POST',
    pattern: /^\/admin\/keys$/,
    surface: 'admin',
    handle: admin(async (gateway, exchange) => {
      const issued = await gateway.state.admin.create(parseAdminBody(createKeyRequestSchema, await readBody(gateway, exchange)));
      gateway.logger.info({ keyId: issued.key.id, kind: issued.key.kind, team: issued.key.team }, 'managed key created');
      sendJson(exchange, 201, issuedJson(issued), { 'cache-control': 'no-store' });
    }),
  },
  {
    method: 'GET',
    pattern: /^\/admin\/keys$/,
    surface: 'admin',
    handle: admin(async (gateway, exchange) => {
      const team = exchange.query.get('team') ?? undefined;
      sendJson(exchange, 200, { keys: (await gateway.state.admin.list({ team })).map(keyJson) });
    }),
  },
  {
    method: 'GET',
    pattern: keyPath,
    surface: 'admin',
    handle: admin(async (gateway, exchange, params) => sendJson(exchange, 200, keyJson(await gateway.state.admin.show(params.id)))),
  },
  {
    method: 'PATCH',
    pattern: keyPath,
    surface: 'admin',
    handle: admin(async (gateway, exchange, params) => {
      const patch = parseAdminBody(updateKeyRequestSchema, await readBody(gateway, exchange));
      sendJson(exchange, 200, keyJson(await gateway.state.admin.update(params.id, patch)));
    }),
  },
  {
    method: 'DELETE',
    pattern: keyPath,
    surface: 'admin',
    handle: admin(async (gateway, exchange, params) => {
      const key = await gateway.state.admin.revoke(params.id);
      gateway.logger.info({ keyId: key.id }, 'managed key revoked');
      sendJson(exchange, 200, keyJson(key));
    }),
  },
  {
    method: 'POST',
    pattern: /^\/admin\/keys\/(?<id>[A-Za-z0-9_-]{1,64})\/(?<action>rotate|revoke)$/,
    surface: 'admin',
    handle: admin(async (gateway, exchange, params) => {
      exchange.request.resume();
      if (params.action === 'rotate') {
        const issued = await gateway.state.admin.rotate(params.id);
        gateway.logger.info({ keyId: issued.key.id }, 'managed key rotated');
        sendJson(exchange, 200, issuedJson(issued), { 'cache-control': 'no-store' });
        return;
      }
      const key = await gateway.state.admin.revoke(params.id);
      gateway.logger.info({ keyId: key.id }, 'managed key revoked');
      sendJson(exchange, 200, keyJson(key));
    }),
  },
  {
    method: 'GET',
    pattern: /^\/admin\/teams$/,
    surface: 'admin',
    handle: admin(async (gateway, exchange) => {
      const teams = await gateway.state.admin.listTeams();
      sendJson(exchange, 200, { teams: teams.map((t) => ({ team: t.team, limits: limitsToConfig(t.limits), updatedAt: new Date(t.updatedAt).toISOString() })) });
    }),
  },
  {
    method: 'PUT',
    pattern: /^\/admin\/teams\/(?<team>[A-Za-z0-9][A-Za-z0-9._:-]{0,127})$/,
    surface: 'admin',
    handle: admin(async (gateway, exchange, params) => {
      const { limits } = parseAdminBody(teamLimitsRequestSchema, await readBody(gateway, exchange));
      const team = await gateway.state.admin.setTeamLimits(params.team, limitsFromConfig(limits));
      sendJson(exchange, 200, { team: team.team, limits: limitsToConfig(team.limits), updatedAt: new Date(team.updatedAt).toISOString() });
    }),
  },
  {
    method: 'GET',
    pattern: /^\/admin\/usage$/,
    surface: 'admin',
    handle: admin(async (gateway, exchange) => {
      const now = Date.now();
      const { state, loaded } = gateway;
      const subjects = await listLimitedSubjects(loaded.config, state.keys, state.teams, now);
      sendJson(exchange, 200, { generatedAt: new Date(now).toISOString(), subjects: await reportUsage(state.counters, subjects, now) }, { 'cache-control': 'no-store' });
    }),
  },
];

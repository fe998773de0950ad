/**
 * `georoute explain`: where a request could go and in what order, without sending anything. Against the
 * configuration (idle capacity), or against a running gateway's live state with --url.
 */
import { request } from 'undici';
import { ProfileResolver } from '../../catalog/profile-resolver.js';
import { explainRoute, type RouteExplanation } from '../../gateway/explain-route.js';
import { createRouter } from '../../routing/failover-dispatcher.js';
import { createInMemoryCapacityStore } from '../../routing/in-memory-capacity-store.js';
import type { CommandSpec } from '../command-contract.js';
import { formatTable } from '../format-table.js';

export const explainCommand: CommandSpec = {
  name: ['explain'],
  summary: 'show the residency boundary and the routing order for a profile and source region',
  options: [
    { name: 'profile', type: 'string', valueName: 'ID', required: true, description: 'inference profile or model id, e.g. eu.amazon.nova-2-lite-v1:0' },
    { name: 'source', type: 'string', valueName: 'REGION', description: 'source region (default: server.defaultSourceRegion)' },
    { name: 'url', type: 'string', valueName: 'URL', description: 'ask a running gateway (its live capacity and health) instead of planning from the configuration' },
    { name: 'api-key', type: 'string', valueName: 'KEY', description: 'admin API key for --url (default: $GEOROUTE_API_KEY)' },
    { name: 'format', type: 'string', choices: ['table', 'json'], default: 'table', description: 'output format' },
  ],
  async run(context) {
    const profileId = context.options.profile as string;
    let explanation: RouteExplanation;
    if (context.options.url) {
      const base = String(context.options.url).replace(/\/+$/, '');
      const key = (context.options['api-key'] as string | undefined) ?? process.env.GEOROUTE_API_KEY;
      const query = new URLSearchParams({ profile: profileId, ...(context.options.source ? { source: String(context.options.source) } : {}) });
      const response = await request(`${base}/admin/explain?${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
      const body = (await response.body.json()) as RouteExplanation & { error?: { message: string } };
      if (response.statusCode !== 200) {
        context.stderr.write(`georoute explain: ${body.error?.message ?? `HTTP ${response.statusCode}`}\n`);
        return 1;
      }
      explanation = body;
    } else {
      const { catalog, config } = await context.loadConfig();
      const store = createInMemoryCapacityStore({ breaker: config.routing.breaker });
      const router = createRouter({ catalog, store, options: { maxAttempts: config.routing.maxAttempts, deadlineMs: config.routing.deadlineMs, queue: config.routing.queue } });
      const source = (context.options.source as string | undefined) ?? config.server.defaultSourceRegion;
      explanation = await explainRoute(catalog, new ProfileResolver(catalog), router, profileId, source);
    }
    if (context.options.format === 'json') {
      context.stdout.write(`${JSON.stringify(explanation, null, 2)}\n`);
      return 0;
    }
    context.stdout.write(`profile ${explanation.profile.id} (${explanation.profile.type}, model ${explanation.profile.model}) from source region ${explanation.sourceRegion}\n`);
    context.stdout.write(`residency boundary: ${explanation.boundary.join(', ')}\n`);
    context.stdout.write(`never processed in: ${explanation.excludedRegions.join(', ') || '(none)'}\n\n`);
    context.stdout.write(
      formatTable(
        ['#', 'region', 'deployment', 'headroom', 'breaker', 'km', 'latency', 'why'],
        explanation.candidates.map((c) => [c.rank, c.region, c.deployment, c.headroom.toFixed(2), c.breaker, c.distanceKm, c.latencyMs === undefined ? '-' : `${c.latencyMs} ms`, c.reason]),
      ),
    );
    return 0;
  },
};

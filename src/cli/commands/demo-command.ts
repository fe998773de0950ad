/**
 * `georoute demo`: starts the gateway with the demo configuration, fires a burst from one source region that
 * exceeds its capacity, shows live per-region progress, and ends with a summary: share per destination region,
 * spillover, latency, and requests processed outside the residency boundary (which must read 0).
 */
import { request } from 'undici';
import { residencyBoundary } from '../../routing/residency-boundary.js';
import { createLogger } from '../../observability/create-logger.js';
import { ProfileResolver } from '../../catalog/profile-resolver.js';
import type { CommandSpec } from '../command-contract.js';
import { formatTable } from '../format-table.js';
import { summarizeBurst, type BurstResult } from './summarize-burst.js';

export const demoCommand: CommandSpec = {
  name: ['demo'],
  summary: 'start the demo gateway, fire a burst over capacity, and show where every request ran',
  options: [
    { name: 'profile', type: 'string', valueName: 'ID', default: 'eu.amazon.nova-2-lite-v1:0', description: 'inference profile to call' },
    { name: 'source', type: 'string', valueName: 'REGION', description: 'source region of the burst (default: server.defaultSourceRegion)' },
    { name: 'requests', type: 'number', valueName: 'N', default: 120, description: 'requests in the burst' },
    { name: 'concurrency', type: 'number', valueName: 'N', default: 40, description: 'requests in flight at once' },
    { name: 'max-tokens', type: 'number', valueName: 'N', default: 32, description: 'max_tokens of each request' },
    { name: 'api-key', type: 'string', valueName: 'KEY', description: 'API key, if the configuration requires one' },
  ],
  async run(context) {
    const loaded = await context.loadConfig();
    const source = (context.options.source as string | undefined) ?? loaded.config.server.defaultSourceRegion;
    const profileId = context.options.profile as string;
    const resolved = new ProfileResolver(loaded.catalog).resolve(profileId);
    if (!resolved) {
      context.stderr.write(`georoute demo: unknown profile "${profileId}"\n`);
      return 2;
    }
    const boundary = residencyBoundary(loaded.catalog, resolved.profile, source);
    const total = Math.max(1, Math.floor(context.options.requests as number));
    const concurrency = Math.max(1, Math.floor(context.options.concurrency as number));
    const { startGateway } = await import('../../gateway/gateway-runtime.js');
    const gateway = await startGateway(loaded, { port: 0, logger: createLogger({ GEOROUTE_LOG_LEVEL: 'warn' }) });
    context.stdout.write(`georoute demo: ${total} requests, ${concurrency} at a time, from ${source} to ${profileId}\n`);
    context.stdout.write(`residency boundary: ${boundary.join(', ')}\n\n`);
    const results: BurstResult[] = [];
    const live = new Map<string, number>();
    const render = () => {
      const parts = [...live.entries()].sort().map(([region, n]) => `${region} ${n}`);
      const line = `  ${results.length}/${total} done  |  ${parts.join('  ') || 'waiting for first answers'}`;
      if ((context.stdout as NodeJS.WriteStream).isTTY) context.stdout.write(`\r\x1b[K${line}`);
      else context.stdout.write(`${line}\n`);
    };
    const ticker = setInterval(render, (context.stdout as NodeJS.WriteStream).isTTY ? 200 : 1000);
    let next = 0;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-georoute-source-region': source };
    if (context.options['api-key']) headers.authorization = `Bearer ${String(context.options['api-key'])}`;
    const worker = async () => {
      while (next < total && !context.stopSignal.aborted) {
        const index = next++;
        const started = performance.now();
        try {
          const response = await request(`${gateway.url}/v1/chat/completions`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ model: profileId, messages: [{ role: 'user', content: `demo request ${index}` }], max_tokens: context.options['max-tokens'] }),
          });
          await response.body.text();
          const region = response.headers['x-georoute-inference-region'];
          const inferenceRegion = typeof region === 'string' ? region : undefined;
          results.push({ status: response.statusCode, inferenceRegion, latencyMs: performance.now() - started });
          if (inferenceRegion) live.set(inferenceRegion, (live.get(inferenceRegion) ?? 0) + 1);
        } catch (error) {
          results.push({ status: 0, latencyMs: performance.now() - started, error: error instanceof Error ? error.message : String(error) });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
    } finally {
      clearInterval(ticker);
      render();
      context.stdout.write('\n\n');
      await gateway.close();
    }
    const summary = summarizeBurst(results, source, boundary);
    context.stdout.write(formatTable(['destination region', 'requests', 'share'], summary.byRegion.map((r) => [r.region + (r.region === source ? ' (source)' : ''), r.requests, `${r.sharePercent.toFixed(1)}%`])));
    context.stdout.write('\n');
    context.stdout.write(
      formatTable(
        ['requests', 'succeeded', 'failed', 'spillover', 'p50 latency', 'p95 latency', 'outside the boundary'],
        [[summary.total, summary.succeeded, summary.failed, `${summary.spilloverPercent.toFixed(1)}%`, `${summary.p50Ms.toFixed(0)} ms`, `${summary.p95Ms.toFixed(0)} ms`, summary.outsideBoundary]],
      ),
    );
    for (const [status, count] of summary.failuresByStatus) context.stdout.write(`  failed with status ${status}: ${count}\n`);
    return summary.outsideBoundary === 0 && summary.failed === 0 ? 0 : 1;
  },
};

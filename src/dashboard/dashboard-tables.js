// The dashboard's tables: regions (one row each, so 30 regions stay a table and not a wall of cards), deployments
// with their live capacity, the traffic matrix since start, errors, and the residency boundary of a profile.
import { $, breakerBadge, compact, h, number, percent, secondsUntil, worstBreaker } from './dashboard-dom.js';

/** Deployment details are open by default up to this many deployments; beyond, one click away. */
const DEPLOYMENTS_OPEN_UP_TO = 16;

function served(traffic, regionId) {
  let total = 0;
  let spilledIn = 0;
  for (const route of traffic.routes) {
    if (route.inferenceRegion !== regionId || route.outcome !== 'success') continue;
    total += route.count;
    if (route.sourceRegion !== regionId) spilledIn += route.count;
  }
  return { total, spilledIn };
}

function inFlightBar(inFlight, capacity) {
  const used = inFlight / Math.max(1, capacity);
  return h('div', { class: 'meter' },
    h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: used >= 1 ? 'full' : '', style: `width:${Math.min(100, used * 100)}%` })),
    h('span', { class: 'in-flight' }, `${inFlight} / ${capacity}`));
}

export function renderRegions(state) {
  const byRegion = new Map();
  for (const deployment of state.deployments) {
    if (!byRegion.has(deployment.region)) byRegion.set(deployment.region, []);
    byRegion.get(deployment.region).push(deployment);
  }
  const lastMinute = new Map();
  for (const flow of state.timeline.flows) lastMinute.set(flow.inferenceRegion, (lastMinute.get(flow.inferenceRegion) ?? 0) + flow.count);
  const rows = state.regions.map((region) => {
    const deployments = byRegion.get(region.id) ?? [];
    const inFlight = deployments.reduce((sum, d) => sum + d.live.inFlight, 0);
    const capacity = deployments.reduce((sum, d) => sum + d.live.learnedMaxConcurrent, 0);
    const headroom = deployments.length ? Math.min(...deployments.map((d) => d.headroom)) : undefined;
    const latencies = deployments.map((d) => d.live.latencyMs).filter((l) => l !== undefined);
    const { total, spilledIn } = served(state.traffic, region.id);
    return h('tr', { 'data-region': region.id },
      h('th', { scope: 'row', class: 'text' }, h('span', { class: 'region-id' }, region.id), h('span', { class: 'where' }, ` ${region.name}`)),
      h('td', { class: 'text geos' }, region.geographies.join(', ') || '–'),
      h('td', { class: 'text' }, deployments.length ? breakerBadge(worstBreaker(deployments)) : h('span', { class: 'badge idle' }, 'no deployments')),
      h('td', { class: 'text' }, deployments.length ? inFlightBar(inFlight, capacity) : '–'),
      h('td', {}, headroom === undefined ? '–' : percent(headroom)),
      h('td', {}, latencies.length ? `${number.format(Math.round(Math.min(...latencies)))} ms` : '–'),
      h('td', { class: 'last-minute' }, number.format(lastMinute.get(region.id) ?? 0)),
      h('td', { class: 'served-count' }, number.format(total)),
      h('td', { class: spilledIn ? 'spilled-in' : 'spilled-in zero' }, number.format(spilledIn)),
    );
  });
  $('region-table').replaceChildren(
    h('caption', {}, 'One row per region: worst breaker of its deployments, requests in flight against the learned concurrency, the lowest headroom, the fastest smoothed time to first byte, requests served in the last minute and since start (of which spilled in from other source regions).'),
    h('thead', {}, h('tr', {}, ['region', 'geographies', 'breaker', 'in flight', 'headroom', 'latency', 'last min', 'served', 'spilled in']
      .map((c, i) => h('th', { scope: 'col', class: i < 4 ? 'text' : undefined }, c)))),
    h('tbody', {}, rows),
  );
}

function deploymentRow(deployment, now) {
  const { live, declared } = deployment;
  const notes = [];
  if (live.throttledUntil > now) notes.push(h('span', { class: 'warn-text' }, `throttled ${secondsUntil(live.throttledUntil, now)} s`));
  if (live.breaker === 'open' && live.breakerOpenUntil) notes.push(`probe in ${secondsUntil(live.breakerOpenUntil, now)} s`);
  if (live.consecutiveFailures > 0) notes.push(`${live.consecutiveFailures} failure(s) in a row`);
  return h('tr', { 'data-deployment': deployment.id },
    h('th', { scope: 'row', class: 'text' }, h('span', { class: 'model', title: deployment.id }, deployment.model), h('span', { class: 'where' }, ` @ ${deployment.region}`)),
    h('td', { class: 'text' }, breakerBadge(live.breaker)),
    h('td', { class: 'text' }, inFlightBar(live.inFlight, live.learnedMaxConcurrent)),
    h('td', {}, percent(deployment.headroom)),
    h('td', {}, live.latencyMs === undefined ? '–' : `${number.format(Math.round(live.latencyMs))} ms`),
    // "used of learned limit (declared)": learned limits fall below declared ones after 429s, then recover.
    h('td', {}, `${live.learnedMaxConcurrent} (${declared.maxConcurrent})`),
    h('td', {}, `${compact.format(live.requestsLastMinute)} of ${compact.format(live.learnedRequestsPerMinute)} (${compact.format(declared.requestsPerMinute)})`),
    h('td', {}, `${compact.format(live.tokensLastMinute)} of ${compact.format(live.learnedTokensPerMinute)} (${compact.format(declared.tokensPerMinute)})`),
    h('td', { class: 'text' }, notes.length ? notes.flatMap((n, i) => (i ? [' · ', n] : [n])) : '–'),
  );
}

export function renderDeployments(state, now) {
  const details = $('deployment-details');
  if (!details.dataset.decided) {
    details.open = state.deployments.length <= DEPLOYMENTS_OPEN_UP_TO;
    details.dataset.decided = 'yes';
  }
  $('deployment-count').textContent = `${state.deployments.length} deployment(s)`;
  $('deployment-table').replaceChildren(
    h('caption', {}, 'Concurrency, requests/min and tokens/min: used of the learned limit, declared limit in brackets.'),
    h('thead', {}, h('tr', {}, ['deployment', 'breaker', 'in flight', 'headroom', 'latency', 'concurrency', 'req/min', 'tokens/min', 'notes']
      .map((c, i) => h('th', { scope: 'col', class: i < 3 || i === 8 ? 'text' : undefined }, c)))),
    h('tbody', {}, state.deployments.map((d) => deploymentRow(d, now))),
  );
}

export function renderTraffic(state) {
  const { routes, total, since } = state.traffic;
  const order = state.regions.map((r) => r.id);
  const sources = order.filter((id) => routes.some((r) => r.sourceRegion === id));
  const destinations = order.filter((id) => routes.some((r) => r.inferenceRegion === id && r.outcome === 'success'));
  const count = (source, predicate) => routes.filter((r) => r.sourceRegion === source && predicate(r)).reduce((sum, r) => sum + r.count, 0);
  let spilled = 0;
  let succeeded = 0;
  const rows = sources.map((source) => {
    const ok = count(source, (r) => r.outcome === 'success');
    const away = count(source, (r) => r.outcome === 'success' && r.inferenceRegion !== source);
    const failed = count(source, (r) => r.outcome === 'error');
    spilled += away;
    succeeded += ok;
    return h('tr', { 'data-source': source },
      h('th', { scope: 'row' }, source),
      destinations.map((destination) => {
        const n = count(source, (r) => r.outcome === 'success' && r.inferenceRegion === destination);
        return h('td', { class: [n === 0 ? 'zero' : '', destination === source ? 'local' : ''].join(' ').trim() || undefined, 'data-destination': destination }, number.format(n));
      }),
      h('td', { class: failed ? 'warn-text' : 'zero' }, number.format(failed)),
      h('td', { class: 'spillover' }, ok ? percent(away / ok) : '–'),
    );
  });
  $('traffic-summary').textContent = `${number.format(total)} requests since ${new Date(since).toLocaleTimeString()}; ` +
    `${succeeded ? percent(spilled / succeeded) : '0%'} of successful requests ran outside their source region (spillover).`;
  if (!rows.length) {
    $('traffic-matrix').replaceChildren(h('p', { class: 'hint' }, 'No requests yet.'));
    return;
  }
  $('traffic-matrix').replaceChildren(h('table', { id: 'traffic-table' },
    h('caption', {}, 'Successful requests by source region (rows) and inference region (columns); shaded cells stayed in their source region.'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'source \\ ran in'),
      destinations.map((d) => h('th', { scope: 'col' }, d)),
      h('th', { scope: 'col' }, 'failed'),
      h('th', { scope: 'col' }, 'spillover'))),
    h('tbody', {}, rows)));
}

// Every replica's share of the traffic above (state.store: postgres); nothing with a single replica.
export function renderReplicas(state) {
  const replicas = state.replicas ?? [];
  if (replicas.length === 0) {
    $('replica-shares').replaceChildren();
    return;
  }
  $('replica-shares').replaceChildren(h('table', { id: 'replica-table' },
    h('caption', {}, `Requests by replica (${replicas.length} serving; counts above add them all up)`),
    h('thead', {}, h('tr', {}, ['replica', 'requests', 'share', 'reported'].map((c, i) => h('th', { scope: 'col', class: i === 0 ? 'text' : undefined }, c)))),
    h('tbody', {}, replicas.map((r) => h('tr', { 'data-replica': r.replicaId },
      h('th', { scope: 'row', class: 'text' }, r.self ? `${r.replicaId} (this one)` : r.replicaId),
      h('td', {}, number.format(r.requests)),
      h('td', {}, percent(r.share)),
      h('td', {}, new Date(r.updatedAt).toLocaleTimeString())))),
  ));
}

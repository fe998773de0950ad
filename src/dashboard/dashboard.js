// The operations dashboard's script: polls /admin/state every second and renders regions, traffic, errors and
// the residency boundary of a chosen profile (/admin/explain). No framework, no build step, no external network.
// Every value is written with textContent, never as HTML.

const POLL_MS = 1000;
const KEY_STORAGE = 'georoute.adminKey';
const BREAKER_SYMBOL = { closed: '✓', open: '✕', 'half-open': '◐' };
const BREAKER_RANK = { closed: 0, 'half-open': 1, open: 2 };
const number = new Intl.NumberFormat('en');
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

const $ = (id) => document.getElementById(id);

/** h('td', { class: 'x' }, 'text', child) */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

function adminKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
}

async function getJson(path) {
  const headers = { accept: 'application/json' };
  const key = adminKey();
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(path, { headers, cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body?.error?.message ?? `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function setStatus(text, state) {
  const status = $('status');
  status.textContent = text;
  status.dataset.state = state;
}

function breakerBadge(state, prefix = '') {
  return h('span', { class: `badge ${state} breaker`, 'data-breaker': state },
    h('span', { 'aria-hidden': 'true' }, `${BREAKER_SYMBOL[state] ?? '?'} `), `${prefix}${state}`);
}

function secondsUntil(epochMs, now) {
  return Math.max(0, Math.ceil((epochMs - now) / 1000));
}

function percent(fraction) {
  return `${Math.round(fraction * 100)}%`;
}

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

function deploymentBlock(deployment, now) {
  const { live, declared } = deployment;
  const used = live.inFlight / Math.max(1, live.learnedMaxConcurrent);
  const facts = [
    ['in flight', `${live.inFlight} / ${live.learnedMaxConcurrent}`],
    ['headroom', percent(deployment.headroom)],
    ['latency', live.latencyMs === undefined ? '–' : `${number.format(Math.round(live.latencyMs))} ms`],
    // "used of learned limit (declared limit)": learned limits fall below declared ones after 429s, then recover.
    ['concurrency', `${live.learnedMaxConcurrent} (declared ${declared.maxConcurrent})`],
    ['req/min', `${compact.format(live.requestsLastMinute)} of ${compact.format(live.learnedRequestsPerMinute)} (declared ${compact.format(declared.requestsPerMinute)})`],
    ['tokens/min', `${compact.format(live.tokensLastMinute)} of ${compact.format(live.learnedTokensPerMinute)} (declared ${compact.format(declared.tokensPerMinute)})`],
  ];
  if (live.throttledUntil > now) facts.push(['throttled', h('span', { class: 'warn-text' }, `for ${secondsUntil(live.throttledUntil, now)} s more`)]);
  if (live.breaker === 'open' && live.breakerOpenUntil) facts.push(['probe in', `${secondsUntil(live.breakerOpenUntil, now)} s`]);
  if (live.consecutiveFailures > 0) facts.push(['failures in a row', String(live.consecutiveFailures)]);
  return h('div', { class: 'dep', 'data-deployment': deployment.id },
    h('div', { class: 'dep-head' }, h('span', { class: 'model', title: deployment.id }, deployment.model), breakerBadge(live.breaker)),
    h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: used >= 1 ? 'full' : '', style: `width:${Math.min(100, used * 100)}%` })),
    h('dl', { class: 'facts' }, facts.map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)])),
  );
}

function renderRegions(state, now) {
  const byRegion = new Map();
  for (const deployment of state.deployments) {
    if (!byRegion.has(deployment.region)) byRegion.set(deployment.region, []);
    byRegion.get(deployment.region).push(deployment);
  }
  const cards = state.regions.map((region) => {
    const deployments = byRegion.get(region.id) ?? [];
    const inFlight = deployments.reduce((sum, d) => sum + d.live.inFlight, 0);
    const capacity = deployments.reduce((sum, d) => sum + d.live.learnedMaxConcurrent, 0);
    const worst = deployments.reduce((w, d) => (BREAKER_RANK[d.live.breaker] > BREAKER_RANK[w] ? d.live.breaker : w), 'closed');
    const { total, spilledIn } = served(state.traffic, region.id);
    return h('article', { class: 'card', 'data-region': region.id, 'aria-labelledby': `region-${region.id}` },
      h('h3', { id: `region-${region.id}` }, region.id,
        deployments.length ? breakerBadge(worst, 'breaker ') : h('span', { class: 'badge idle' }, 'no deployments')),
      h('p', { class: 'where' }, `${region.name} · ${region.country} · ${region.geographies.join(', ') || 'no geography'}`),
      h('p', { class: 'served' },
        h('strong', { class: 'served-count' }, number.format(total)), ' served',
        spilledIn ? ` (${number.format(spilledIn)} spilled in)` : '',
        deployments.length ? ` · ${inFlight} / ${capacity} in flight` : ''),
      deployments.map((d) => deploymentBlock(d, now)),
    );
  });
  $('region-grid').replaceChildren(...cards);
}

function renderTraffic(state) {
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
  const table = h('table', { id: 'traffic-table' },
    h('caption', {}, 'Successful requests by source region (rows) and inference region (columns); shaded cells stayed in their source region.'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'source \\ ran in'),
      destinations.map((d) => h('th', { scope: 'col' }, d)),
      h('th', { scope: 'col' }, 'failed'),
      h('th', { scope: 'col' }, 'spillover'))),
    h('tbody', {}, rows));
  $('traffic-matrix').replaceChildren(table);
}

function renderErrors(traffic) {
  const byCode = traffic.errorsByCode.length
    ? h('table', { id: 'errors-table' }, h('caption', {}, 'Errors by code since start'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'code'), h('th', { scope: 'col' }, 'count'))),
      h('tbody', {}, traffic.errorsByCode.map((e) => h('tr', {}, h('th', { scope: 'row' }, e.code), h('td', {}, number.format(e.count))))))
    : h('p', { class: 'hint' }, 'No errors since start.');
  $('errors-by-code').replaceChildren(byCode);
  const recent = traffic.recentErrors.length
    ? h('table', {}, h('caption', {}, 'Most recent errors (newest first)'),
      h('thead', {}, h('tr', {}, ['time', 'code', 'status', 'source', 'ran in', 'profile'].map((c) => h('th', { scope: 'col', class: c === 'status' ? undefined : 'text' }, c)))),
      h('tbody', {}, traffic.recentErrors.map((e) => h('tr', {},
        h('td', { class: 'text' }, new Date(e.time).toLocaleTimeString()), h('td', { class: 'text' }, e.code), h('td', {}, e.status),
        h('td', { class: 'text' }, e.sourceRegion), h('td', { class: 'text' }, e.inferenceRegion ?? '–'), h('td', { class: 'text' }, e.profile ?? '–')))))
    : '';
  $('recent-errors').replaceChildren(recent);
}

function fillSelect(select, values, preferred) {
  const current = select.value;
  const same = select.options.length === values.length && values.every((v, i) => select.options[i].value === v);
  if (same) return;
  select.replaceChildren(...values.map((v) => h('option', { value: v }, v)));
  select.value = values.includes(current) ? current : preferred(values);
}

async function renderBoundary() {
  const profile = $('boundary-profile').value;
  const source = $('boundary-source').value;
  if (!profile || !source) return;
  let plan;
  try {
    plan = await getJson(`/admin/explain?profile=${encodeURIComponent(profile)}&source=${encodeURIComponent(source)}`);
  } catch (error) {
    $('boundary').replaceChildren(h('p', { class: 'warn-text' }, `Cannot explain ${profile} from ${source}: ${error.message}`));
    return;
  }
  $('boundary').replaceChildren(
    h('h3', { class: 'visually-hidden' }, `Boundary of ${plan.profile.id} from ${plan.sourceRegion}`),
    h('p', {}, `May run in ${plan.boundary.length} region(s):`),
    h('ul', { class: 'regions inside', id: 'boundary-inside' }, plan.boundary.map((r) => h('li', {}, r))),
    h('p', {}, 'Never runs in:'),
    h('ul', { class: 'regions outside' }, plan.excludedRegions.map((r) => h('li', {}, r))),
    h('div', { class: 'scroll' }, h('table', {},
      h('caption', {}, 'Routing order right now (best first)'),
      h('thead', {}, h('tr', {}, ['rank', 'region', 'headroom', 'breaker', 'distance', 'latency', 'why'].map((c) => h('th', { scope: 'col', class: c === 'why' ? 'text' : undefined }, c)))),
      h('tbody', {}, plan.candidates.map((c) => h('tr', {},
        h('td', {}, c.rank), h('th', { scope: 'row' }, c.region), h('td', {}, percent(c.headroom)), h('td', { class: 'text' }, breakerBadge(c.breaker)),
        h('td', {}, `${number.format(c.distanceKm)} km`), h('td', {}, c.latencyMs === undefined ? '–' : `${c.latencyMs} ms`), h('td', { class: 'text' }, c.reason)))))),
  );
}

async function poll() {
  try {
    const state = await getJson('/admin/state');
    const now = Date.parse(state.generatedAt);
    renderRegions(state, now);
    renderTraffic(state);
    renderErrors(state.traffic);
    fillSelect($('boundary-profile'), state.profiles, (v) => v.find((p) => p.startsWith('eu.')) ?? v[0]);
    fillSelect($('boundary-source'), state.regions.map((r) => r.id), (v) => v[0]);
    await renderBoundary();
    setStatus(`Live · updated ${new Date(now).toLocaleTimeString()}`, 'ok');
  } catch (error) {
    if (error.status === 401 || error.status === 403) {
      setStatus(`Admin access needed (${error.status}): enter an API key with admin: true.`, 'error');
    } else {
      setStatus(`Cannot reach the gateway: ${error.message}. Retrying…`, 'error');
    }
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('admin-key').value.trim();
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  $('admin-key').value = '';
  $('admin-key').placeholder = key ? 'key stored for this tab' : $('admin-key').placeholder;
});
$('forget-key').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORAGE);
  $('admin-key').placeholder = 'not needed with auth: none';
});
$('boundary-profile').addEventListener('change', renderBoundary);
$('boundary-source').addEventListener('change', renderBoundary);
if (adminKey()) $('admin-key').placeholder = 'key stored for this tab';

poll();

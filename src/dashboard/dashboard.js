// The operations dashboard's script: polls /admin/state every second and renders the map of flows, the charts of
// the last 15 minutes, the region and deployment tables, traffic, errors and the residency boundary of a chosen
// profile (/admin/explain). No framework, no build step, no external network; every value is written as text.
import { $, breakerBadge, h, number, percent } from './dashboard-dom.js';
import { renderCharts } from './dashboard-charts.js';
import { renderMap } from './dashboard-map.js';
import { renderDeployments, renderRegions, renderReplicas, renderTraffic } from './dashboard-tables.js';

const POLL_MS = 1000;
const KEY_STORAGE = 'georoute.adminKey';

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
    document.body.dataset.live = 'yes';
    renderMap($('region-map'), state);
    renderCharts($('charts'), state.timeline);
    renderRegions(state);
    renderDeployments(state, now);
    renderTraffic(state);
    renderReplicas(state);
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

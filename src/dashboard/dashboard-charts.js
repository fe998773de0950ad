// The charts over the last 15 minutes (from /admin/state's `timeline`, one point per 5-second step): requests/s,
// p95 latency of successful requests, spillover share, refusals/s. Each is a small SVG with its current value
// (the last minute) and its maximum written out as text beside it, so nothing depends on reading the curve.
import { h, number, oneDecimal, s } from './dashboard-dom.js';

const WIDTH = 300;
const HEIGHT = 64;
/** Points in "the last minute" for the headline values. */
const LAST_MINUTE_STEPS = 12;

const CHARTS = [
  {
    id: 'chart-rps',
    title: 'Requests/s',
    kind: 'area',
    value: (p, stepS) => p.requests / stepS,
    latest: (points, stepS) => sum(points, (p) => p.requests) / (points.length * stepS),
    format: rate,
  },
  {
    id: 'chart-p95',
    title: 'p95 latency (successful)',
    kind: 'line',
    value: (p) => p.p95Ms,
    latest: (points) => [...points].reverse().find((p) => p.p95Ms !== null)?.p95Ms ?? null,
    format: (v) => (v >= 1000 ? `${oneDecimal.format(v / 1000)} s` : `${number.format(Math.round(v))} ms`),
  },
  {
    id: 'chart-spillover',
    title: 'Spillover share',
    kind: 'line',
    fixedMax: 1,
    value: (p) => (p.succeeded ? p.spilled / p.succeeded : null),
    latest: (points) => {
      const ok = sum(points, (p) => p.succeeded);
      return ok ? sum(points, (p) => p.spilled) / ok : null;
    },
    format: (v) => `${Math.round(v * 100)}%`,
  },
  {
    id: 'chart-refusals',
    title: 'Refusals/s',
    kind: 'bars',
    value: (p, stepS) => p.refused / stepS,
    latest: (points, stepS) => sum(points, (p) => p.refused) / (points.length * stepS),
    format: rate,
    alarm: true,
  },
];

/** Rates: two decimals below 0.1 per second, so a few refusals a minute do not read as 0. */
function rate(value) {
  return value > 0 && value < 0.1 ? value.toFixed(2) : oneDecimal.format(value);
}

function sum(points, pick) {
  return points.reduce((total, p) => total + pick(p), 0);
}

function shape(chart, values, max) {
  const x = (i) => (i / Math.max(1, values.length - 1)) * WIDTH;
  const y = (v) => HEIGHT - (v / max) * (HEIGHT - 4);
  if (chart.kind === 'bars') {
    const width = WIDTH / values.length;
    return values.map((v, i) => (v ? s('rect', { class: 'bar', x: i * width, y: y(v), width: Math.max(1, width - 0.6), height: HEIGHT - y(v) }) : null));
  }
  // Lines break where there is no value (no successful request in that step).
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
    pen = true;
  });
  const parts = [];
  if (chart.kind === 'area' && values.length) {
    parts.push(s('path', { class: 'area', d: `M0 ${HEIGHT}${values.map((v, i) => `L${x(i).toFixed(1)} ${y(v ?? 0).toFixed(1)}`).join('')}L${WIDTH} ${HEIGHT}Z` }));
  }
  parts.push(s('path', { class: 'line', d }));
  return parts;
}

export function renderCharts(container, timeline) {
  const stepS = timeline.stepMs / 1000;
  const lastMinute = timeline.points.slice(-LAST_MINUTE_STEPS);
  const minutes = Math.round(timeline.windowMs / 60_000);
  container.replaceChildren(...CHARTS.map((chart) => {
    const values = timeline.points.map((p) => chart.value(p, stepS));
    const present = values.filter((v) => v !== null);
    const max = chart.fixedMax ?? Math.max(...present, 0);
    const latest = chart.latest(lastMinute, stepS);
    const latestText = latest === null ? '–' : chart.format(latest);
    const alarm = chart.alarm && latest > 0;
    return h('figure', { class: `chart${alarm ? ' alarm' : ''}`, id: chart.id, 'data-latest': latest ?? '' },
      h('figcaption', {},
        h('span', { class: 'chart-title' }, chart.title),
        h('strong', { class: 'chart-value' }, latestText),
        h('span', { class: 'chart-note' }, latest === null ? 'no data' : 'last minute')),
      s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${chart.title} over the last ${minutes} minutes: now ${latestText}, peak ${present.length ? chart.format(max) : 'none'}` },
        s('line', { class: 'baseline', x1: 0, y1: HEIGHT - 0.5, x2: WIDTH, y2: HEIGHT - 0.5 }),
        max > 0 ? shape(chart, values, max) : null),
      h('div', { class: 'chart-axis', 'aria-hidden': 'true' },
        h('span', {}, `−${minutes} min`),
        h('span', {}, present.length && max > 0 ? `peak ${chart.format(max)}` : ''),
        h('span', {}, 'now')),
    );
  }));
}

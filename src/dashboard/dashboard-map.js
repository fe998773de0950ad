// The map: the catalog's regions as dots at their coordinates over a land outline (world-land.js, generated from
// Natural Earth), zoomed to the regions' extent (Europe for the EU regions, the world for a global catalog), with the
// flows of the last minute from each source region to the region that served it. Equirectangular projection with
// its standard parallel in the middle of the view, so Europe is not stretched. Dots and flows are updated in place
// (keyed by region and route), so their animation runs smoothly between polls.
import { number, s, setAttributes, worstBreaker } from './dashboard-dom.js';
import { WORLD_LAND_PATH } from './world-land.js';

const LABEL_PX = 12;

/**
 * Where a region's label fits (right, left, above, below its dot) without overlapping a label already placed;
 * undefined when none fits (the dot's tooltip still names it). Boxes are estimated from the text length.
 */
function labelSpot(placed, x, y, r, characters, px) {
  const width = characters * LABEL_PX * 0.6 * px;
  const height = LABEL_PX * px;
  const gap = r + 3 * px;
  const candidates = [
    { x: x + gap, y: y + height * 0.35, anchor: 'start', box: [x + gap, y - height / 2, width, height] },
    { x: x - gap, y: y + height * 0.35, anchor: 'end', box: [x - gap - width, y - height / 2, width, height] },
    { x, y: y - gap, anchor: 'middle', box: [x - width / 2, y - gap - height, width, height] },
    { x, y: y + gap + height * 0.8, anchor: 'middle', box: [x - width / 2, y + gap, width, height] },
  ];
  const overlaps = ([ax, ay, aw, ah], [bx, by, bw, bh]) => ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
  const spot = candidates.find((c) => !placed.some((box) => overlaps(box, c.box)));
  if (spot) placed.push(spot.box);
  return spot;
}

/** Labels for every region up to this many; beyond, only for regions with traffic or a breaker not closed. */
const LABEL_ALL_UP_TO = 12;
const ASPECT = 2; // width : height of the view
const MIN_SPAN_LAT = 14;

let drawnView = '';

function viewOf(regions) {
  const lats = regions.map((r) => r.latitude);
  const lons = regions.map((r) => r.longitude);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.max(0.35, Math.cos((midLat * Math.PI) / 180));
  const xs = lons.map((lon) => lon * k);
  const ys = lats.map((lat) => -lat);
  let [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // Pad, keep a minimum extent (a single region still shows its surroundings), then widen to the aspect ratio.
  let width = Math.max(maxX - minX, MIN_SPAN_LAT * ASPECT) * 1.4;
  let height = Math.max(maxY - minY, MIN_SPAN_LAT) * 1.4;
  if (width / height > ASPECT) height = width / ASPECT;
  else width = height * ASPECT;
  // A little more room on the right, where labels go.
  const cx = (minX + maxX) / 2 + width * 0.03;
  const cy = (minY + maxY) / 2;
  return { k, x: cx - width / 2, y: cy - height / 2, width, height };
}

function graticule(view) {
  const step = view.height > 60 ? 30 : view.height > 25 ? 10 : 5;
  let d = '';
  for (let lon = -180; lon <= 180; lon += step) d += `M${lon * view.k} -85V85`;
  for (let lat = -75; lat <= 75; lat += step) d += `M${-180 * view.k} ${-lat}H${180 * view.k}`;
  return d;
}

function drawBase(svg, view) {
  const key = `${view.x},${view.y},${view.width},${view.height}`;
  if (key === drawnView) return;
  drawnView = key;
  svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.width} ${view.height}`);
  svg.querySelector('.base').replaceChildren(
    s('rect', { class: 'sea', x: view.x, y: view.y, width: view.width, height: view.height }),
    s('path', { class: 'graticule', d: graticule(view) }),
    s('path', { class: 'land', d: WORLD_LAND_PATH, transform: `scale(${view.k} 1)` }),
  );
  svg.querySelector('defs').replaceChildren(
    s('marker', { id: 'flow-arrow', viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 4, markerHeight: 4, orient: 'auto-start-reverse' },
      s('path', { d: 'M0 0L10 5L0 10Z', class: 'arrow' })),
  );
}

/** Reuse the child of `layer` with this key, or create it. */
function keyed(layer, selector, key, create) {
  let element = layer.querySelector(`${selector}[data-key="${CSS.escape(key)}"]`);
  if (!element) {
    element = create();
    element.dataset.key = key;
    layer.append(element);
  }
  element.dataset.seen = 'yes';
  return element;
}

function sweep(layer) {
  for (const element of [...layer.children]) {
    if (element.dataset.seen) delete element.dataset.seen;
    else element.remove();
  }
}

export function renderMap(svg, state) {
  const regions = state.regions.filter((r) => Number.isFinite(r.latitude) && Number.isFinite(r.longitude));
  if (regions.length === 0) return;
  // Zoom to the regions that deploy something (all of them when none does); the others may fall outside the view.
  const deployed = new Set(state.deployments.map((d) => d.region));
  const inView = regions.filter((r) => deployed.has(r.id));
  const view = viewOf(inView.length ? inView : regions);
  drawBase(svg, view);
  // Sizes in screen pixels, whatever the zoom: user units per pixel of the drawn map.
  const px = view.width / Math.max(320, svg.clientWidth || 800);
  svg.style.setProperty('--unit', String(px));
  const at = new Map(regions.map((r) => [r.id, [r.longitude * view.k, -r.latitude]]));
  const flows = state.timeline.flows.filter((f) => at.has(f.sourceRegion) && at.has(f.inferenceRegion));
  const maxFlow = Math.max(1, ...flows.map((f) => f.count));
  const servedLastMinute = new Map();
  for (const f of flows) servedLastMinute.set(f.inferenceRegion, (servedLastMinute.get(f.inferenceRegion) ?? 0) + f.count);
  const maxServed = Math.max(1, ...servedLastMinute.values());
  const perSecond = (count) => count / (state.timeline.flowWindowMs / 1000);

  // Flows: an arc from source to inference region (spillover), a ring for traffic served in its own region.
  const flowLayer = svg.querySelector('.flows');
  for (const flow of flows) {
    const key = `${flow.sourceRegion}>${flow.inferenceRegion}`;
    const width = px * (1.5 + 5 * Math.sqrt(flow.count / maxFlow));
    const title = `${flow.sourceRegion} → ${flow.inferenceRegion}: ${number.format(flow.count)} requests in the last minute (${perSecond(flow.count).toFixed(1)}/s)`;
    const local = flow.sourceRegion === flow.inferenceRegion;
    const element = keyed(flowLayer, local ? 'circle' : 'path', key, () => s(local ? 'circle' : 'path', {}, s('title')));
    element.firstChild.textContent = title;
    const common = { class: local ? 'flow local' : 'flow spill', 'stroke-width': width, 'data-flow': key, 'data-count': flow.count };
    if (local) {
      const [x, y] = at.get(flow.sourceRegion);
      setAttributes(element, { ...common, cx: x, cy: y, r: px * 13 });
    } else {
      const [x1, y1] = at.get(flow.sourceRegion);
      const [x2, y2] = at.get(flow.inferenceRegion);
      // Bend each arc to its right, so A->B and B->A do not overlap.
      const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
      const [dx, dy] = [x2 - x1, y2 - y1];
      const [cx, cy] = [mx - dy * 0.22, my + dx * 0.22];
      setAttributes(element, { ...common, d: `M${x1} ${y1}Q${cx} ${cy} ${x2} ${y2}`, 'marker-end': 'url(#flow-arrow)' });
    }
  }
  sweep(flowLayer);

  // Regions: colour by the worst breaker of their deployments, size by what they served in the last minute.
  const byRegion = new Map();
  for (const d of state.deployments) {
    if (!byRegion.has(d.region)) byRegion.set(d.region, []);
    byRegion.get(d.region).push(d);
  }
  const regionLayer = svg.querySelector('.regions');
  const placed = [];
  // Busiest regions first, so they get their label when labels would collide.
  const ordered = [...regions].sort((a, b) => (servedLastMinute.get(b.id) ?? 0) - (servedLastMinute.get(a.id) ?? 0));
  for (const region of ordered) {
    const deployments = byRegion.get(region.id) ?? [];
    const breaker = deployments.length ? worstBreaker(deployments) : 'none';
    const served = servedLastMinute.get(region.id) ?? 0;
    const active = served > 0 || flows.some((f) => f.sourceRegion === region.id) || (breaker !== 'closed' && breaker !== 'none');
    const [x, y] = at.get(region.id);
    const group = keyed(regionLayer, 'g', region.id, () => s('g', {}, s('title'), s('circle'), s('text')));
    const [title, circle, label] = group.children;
    setAttributes(group, { class: `region ${breaker}${active ? ' active' : ''}`, 'data-region': region.id, 'data-breaker': breaker });
    title.textContent = `${region.id} · ${region.name}: ${deployments.length} deployment(s), breaker ${breaker}, ${number.format(served)} served in the last minute`;
    const r = px * (4.5 + 6 * Math.sqrt(served / maxServed));
    setAttributes(circle, { cx: x, cy: y, r });
    const spot = (regions.length <= LABEL_ALL_UP_TO || active) ? labelSpot(placed, x, y, r, region.id.length, px) : undefined;
    setAttributes(label, spot
      ? { x: spot.x, y: spot.y, 'text-anchor': spot.anchor, 'font-size': px * LABEL_PX, class: 'label' }
      : { x, y, 'font-size': px * LABEL_PX, class: 'label hidden' });
    label.textContent = region.id;
  }
  sweep(regionLayer);

  // The same facts as text, for screen readers and for anyone who prefers a list.
  const described = flows.length
    ? flows.map((f) => `${f.sourceRegion} to ${f.inferenceRegion}: ${f.count}`).join('; ')
    : 'No requests in the last minute.';
  svg.querySelector('desc').textContent = `Regions on a map with the flows of the last minute from source region to inference region. ${described}`;
}

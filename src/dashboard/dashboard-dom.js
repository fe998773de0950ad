// Small DOM helpers shared by the dashboard's modules: element builders for HTML and SVG (values always as text or
// attributes, never parsed as markup), number formats, the breaker badge.

export const number = new Intl.NumberFormat('en');
export const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
export const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
export const BREAKER_SYMBOL = { closed: '✓', open: '✕', 'half-open': '◐' };
export const BREAKER_RANK = { closed: 0, 'half-open': 1, open: 2 };

export const $ = (id) => document.getElementById(id);

function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** h('td', { class: 'x' }, 'text', child) */
export function h(tag, attributes = {}, ...children) {
  return build(document.createElement(tag), attributes, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG elements. */
export function s(tag, attributes = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attributes, children);
}

/** Set attributes on an existing element (keyed updates keep CSS animations running between polls). */
export function setAttributes(element, attributes) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) element.removeAttribute(name);
    else if (element.getAttribute(name) !== String(value)) element.setAttribute(name, String(value));
  }
  return element;
}

export function percent(fraction) {
  return `${Math.round(fraction * 100)}%`;
}

export function secondsUntil(epochMs, now) {
  return Math.max(0, Math.ceil((epochMs - now) / 1000));
}

export function breakerBadge(state, prefix = '') {
  return h('span', { class: `badge ${state} breaker`, 'data-breaker': state },
    h('span', { 'aria-hidden': 'true' }, `${BREAKER_SYMBOL[state] ?? '?'} `), `${prefix}${state}`);
}

/** The worst breaker of a list of deployments (`closed` for none). */
export function worstBreaker(deployments) {
  return deployments.reduce((w, d) => (BREAKER_RANK[d.live.breaker] > BREAKER_RANK[w] ? d.live.breaker : w), 'closed');
}

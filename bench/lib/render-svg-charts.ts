/** Two small hand-written SVG charts: lines over a numeric x axis, and horizontal bars. No dependencies. */

export interface LineSeries {
  name: string;
  points: Array<[number, number]>;
  dashed?: boolean;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#7f7f7f'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

export function lineChartSvg(options: { title: string; xLabel: string; yLabel: string; series: LineSeries[]; yMax?: number }): string {
  const width = 640;
  const height = 360;
  const left = 60;
  const right = 190;
  const top = 40;
  const bottom = 50;
  const xs = options.series.flatMap((s) => s.points.map((p) => p[0]));
  const xMin = Math.min(0, ...xs);
  const xMax = Math.max(...xs);
  const yMax = options.yMax ?? niceMax(Math.max(...options.series.flatMap((s) => s.points.map((p) => p[1]))));
  const px = (x: number) => left + ((x - xMin) / (xMax - xMin || 1)) * (width - left - right);
  const py = (y: number) => height - bottom - (Math.min(y, yMax) / yMax) * (height - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2 - right / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  for (let i = 0; i <= 5; i += 1) {
    const y = (yMax * i) / 5;
    parts.push(`<line x1="${left}" y1="${py(y)}" x2="${width - right}" y2="${py(y)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 6}" y="${py(y) + 4}" text-anchor="end">${Number(y.toPrecision(3))}</text>`);
  }
  for (const x of [...new Set(xs)].sort((a, b) => a - b)) {
    parts.push(`<text x="${px(x)}" y="${height - bottom + 16}" text-anchor="middle">${x}</text>`);
  }
  parts.push(`<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  options.series.forEach((series, index) => {
    const color = COLORS[index % COLORS.length];
    const path = series.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    for (const [x, y] of series.dashed ? [] : series.points) parts.push(`<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${color}"/>`);
    const legendY = top + 10 + index * 20;
    parts.push(`<line x1="${width - right + 12}" y1="${legendY}" x2="${width - right + 36}" y2="${legendY}" stroke="${color}" stroke-width="2"${series.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    parts.push(`<text x="${width - right + 42}" y="${legendY + 4}">${escapeXml(series.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

export function barChartSvg(options: { title: string; unit: string; bars: Array<{ label: string; value: number; spread?: [number, number] }> }): string {
  const width = 640;
  const rowHeight = 24;
  const left = 300;
  const right = 70;
  const top = 40;
  const height = top + options.bars.length * rowHeight + 20;
  const max = niceMax(Math.max(...options.bars.map((b) => b.spread?.[1] ?? b.value)));
  const px = (v: number) => left + (Math.max(0, v) / max) * (width - left - right);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  options.bars.forEach((bar, index) => {
    const y = top + index * rowHeight;
    parts.push(`<text x="${left - 8}" y="${y + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 4}" width="${(px(bar.value) - left).toFixed(1)}" height="${rowHeight - 8}" fill="${COLORS[index % COLORS.length]}"/>`);
    if (bar.spread) parts.push(`<line x1="${px(bar.spread[0]).toFixed(1)}" y1="${y + rowHeight / 2}" x2="${px(bar.spread[1]).toFixed(1)}" y2="${y + rowHeight / 2}" stroke="#000" stroke-width="1.5"/>`);
    parts.push(`<text x="${Math.max(px(bar.value), bar.spread ? px(bar.spread[1]) : 0) + 6}" y="${y + 15}">${Math.round(bar.value).toLocaleString('en-US')} ${escapeXml(options.unit)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

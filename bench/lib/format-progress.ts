/** One-line renderings of measurements for the progress log and the terminal summary. */
import type { MeasuredLoad } from './measure-load.js';

export function fixed(value: number | undefined, digits = 1): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(digits);
}

export function thousands(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '-' : Math.round(value).toLocaleString('en-US');
}

export function formatLoadLine(result: MeasuredLoad): string {
  const cpu = result.cpuMicrosPerRequest.server;
  const failures = result.non2xx + result.errors + result.timeouts;
  return `${thousands(result.requestsPerSec).padStart(7)} req/s  p50 ${fixed(result.latencyMs.p50, 2)} ms  p99 ${fixed(result.latencyMs.p99, 2)} ms`
    + `${cpu === undefined ? '' : `  cpu ${fixed(cpu, 0)} us/req`}${failures > 0 ? `  FAILURES ${failures}` : ''}`;
}

/** A plain text table with left-aligned first column and right-aligned others. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The residency report as Markdown, for a compliance team to read or attach. */
import type { ResidencyRegionReport, ResidencyReport } from './residency-report.js';
import type { VerifyResult } from './verify-audit-store.js';

export function renderResidencyReportMarkdown(report: ResidencyReport): string {
  const lines: string[] = ['# Residency report', ''];
  lines.push(`- Period: ${report.from ?? 'the first record'} to ${report.to ?? 'now'} (from inclusive, to exclusive)`);
  lines.push(`- Generated: ${report.generatedAt}`);
  lines.push(`- Requests: ${report.totals.requests}; processed outside the source region (spillover): ${report.totals.spillover}`);
  lines.push(`- Processed outside their residency boundary: **${report.totals.outsideBoundary}**`);
  lines.push(`- Hash chains: ${report.totals.chainsOk ? 'all verify' : '**at least one does NOT verify**'}`);
  if (report.regions.length === 0) lines.push('', 'No audit stores were found.');
  if (report.identities.length > 0) lines.push('', ...renderIdentities(report));
  for (const region of report.regions) lines.push('', ...renderRegion(region));
  return `${lines.join('\n')}\n`;
}

function renderRegion(region: ResidencyRegionReport): string[] {
  const lines = [`## Source region ${region.region}`, '', `Chain verification: ${describeVerification(region.verification)}`, ''];
  if (region.profiles.length === 0) return [...lines, 'No requests in this period.'];
  lines.push(
    '| Profile | Requests | Processed | Destinations | Spillover | Delegated | Outside boundary | No boundary recorded | Failures |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|',
  );
  for (const p of region.profiles) {
    const destinations = Object.entries(p.destinations)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([r, n]) => `${r}: ${n}`)
      .join(', ');
    const share = `${p.spillover} (${(p.spilloverShare * 100).toFixed(1)} %)`;
    lines.push(`| ${p.profileId} | ${p.requests} | ${p.processed} | ${destinations || '-'} | ${share} | ${p.delegated} | ${p.outsideBoundary} | ${p.withoutBoundary} | ${p.failures} |`);
  }
  if (region.violations.length > 0) {
    lines.push('', `Requests processed outside their boundary (first ${region.violations.length}):`, '');
    for (const v of region.violations) {
      lines.push(`- sequence ${v.sequence}, request ${v.requestID} at ${v.eventTime}: ${v.profileId} ran in ${v.inferenceRegion} (outside: ${v.outside.join(', ')}), boundary ${v.boundary.join(', ')}`);
    }
  }
  return lines;
}

function renderIdentities(report: ResidencyReport): string[] {
  const lines = [
    '## By identity (all source regions)',
    '',
    '| Identity | Requests | Processed | Spillover | Delegated | Outside boundary | Refused (access denied) | Failures |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const i of report.identities) {
    lines.push(`| ${i.identity} | ${i.requests} | ${i.processed} | ${i.spillover} | ${i.delegated} | ${i.outsideBoundary} | ${i.refused} | ${i.failures} |`);
  }
  return lines;
}

export function describeVerification(result: VerifyResult): string {
  const signatures = result.checkpoints === 0
    ? 'no checkpoints'
    : `${count(result.checkpoints, 'checkpoint')}, signatures ${result.signaturesChecked ? 'verified' : 'NOT checked (no key)'}`;
  const digests = result.digests > 0 ? `, ${count(result.digests, 'digest')} matched` : '';
  if (result.ok) return `ok (${count(result.records, 'record')}, ${signatures}${digests})`;
  const bad = result.firstBad;
  return `FAILED at sequence ${bad?.sequence}: ${bad?.problem} (${bad?.detail})`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

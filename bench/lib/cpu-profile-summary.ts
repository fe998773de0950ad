/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and names where the time went: the top functions by self time
 * and the same time grouped by origin (a georoute source folder, a dependency, Node's internals, GC, idle).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

export interface ProfileEntry {
  name: string;
  /** Share of the non-idle samples, in percent. */
  selfPercent: number;
}

export interface ProfileSummary {
  busySamples: number;
  idlePercent: number;
  topFunctions: ProfileEntry[];
  byOrigin: ProfileEntry[];
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const repo = url.search(/\/(src|sim|bench)\//);
  if (repo !== -1) return url.slice(repo + 1);
  return url.replace(/^file:\/\//, '');
}

export function originOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8 garbage collector';
    if (functionName === '(program)') return 'V8/native (program)';
    return `native ${functionName || '(anonymous)'}`;
  }
  if (url.startsWith('node:')) return `node: ${url.slice(5).replace(/^internal\//, '').split('/')[0]}`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return `dependency ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const source = /\/(src|sim|bench)\/([^/]+)/.exec(url);
  if (source) return `georoute ${source[1]}/${source[2].endsWith('.ts') ? '' : source[2]}`.replace(/\/$/, '');
  return shortUrl(url);
}

export function summarizeCpuProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byFunction = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    busy += hits;
    const name = url ? `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}` : functionName;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    const origin = originOf(url, functionName);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + hits);
  }
  const rank = (map: Map<string, number>): ProfileEntry[] =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, hits]) => ({ name, selfPercent: (100 * hits) / Math.max(1, busy) }));
  return { busySamples: busy, idlePercent: (100 * idle) / Math.max(1, idle + busy), topFunctions: rank(byFunction), byOrigin: rank(byOrigin) };
}

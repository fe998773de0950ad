/**
 * Reads a V8 sampling heap profile taken with the collected objects kept (`HeapProfiler.startSampling` with
 * `includeObjectsCollectedByMajorGC` and `...MinorGC`, as gateway-server-process.ts takes it) and names where the
 * window allocated: the bytes per request, the top allocating functions (self), georoute's functions with what they
 * and their callees allocated (inclusive), and the bytes by origin. The sizes are V8's estimates from its samples.
 */
import { readFileSync } from 'node:fs';
import { originOf } from './cpu-profile-summary.js';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

function frameName(frame: SamplingNode['callFrame']): string {
  const { functionName, url, lineNumber } = frame;
  if (!url) return functionName || '(anonymous)';
  const at = url.search(/\/(src|node_modules|sim|bench)\//);
  return `${functionName || '(anonymous)'} ${at === -1 ? url.replace(/^file:\/\//, '') : url.slice(at + 1).replace(/^node_modules\//, '')}:${lineNumber + 1}`;
}

const isGeoroute = (url: string): boolean => url.includes('/dist/src/') || url.includes('/src/');

/** Lines to print: the total and per request, then the three rankings (`top` entries each). */
export function summarizeAllocations(file: string, requests: number, top: number): string[] {
  const head = (JSON.parse(readFileSync(file, 'utf8')) as { head: SamplingNode }).head;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const origins = new Map<string, number>();
  let total = 0;
  const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes);
  // Depth first, with the georoute frames on the path (each counted once however often it recurses).
  const walk = (node: SamplingNode, path: readonly string[]): void => {
    const name = frameName(node.callFrame);
    const onPath = isGeoroute(node.callFrame.url) && !path.includes(name) ? [...path, name] : path;
    if (node.selfSize > 0) {
      total += node.selfSize;
      add(self, name, node.selfSize);
      add(origins, originOf(node.callFrame.url, node.callFrame.functionName), node.selfSize);
      for (const frame of onPath) add(inclusive, frame, node.selfSize);
    }
    for (const child of node.children) walk(child, onPath);
  };
  walk(head, []);
  const rank = (map: Map<string, number>, label: string) => [
    `-- ${label}`,
    ...[...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => `${((100 * bytes) / total).toFixed(1).padStart(5)}% ${(bytes / requests / 1024).toFixed(2).padStart(7)} KB/req  ${name}`),
  ];
  return [
    `allocated in the profiled window: ${(total / 1024 / 1024).toFixed(1)} MB over ${requests} requests, ${(total / requests / 1024).toFixed(2)} KB per request`,
    ...rank(self, 'allocated by the function itself'),
    ...rank(inclusive, 'allocated by georoute functions and their callees'),
    ...rank(origins, 'allocated by origin'),
  ];
}

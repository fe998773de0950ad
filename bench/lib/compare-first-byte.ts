/**
 * `npm run bench:profile -- --first-byte`: time to first byte at concurrency 1 (the overhead scenario's TTFB
 * target), of the plain proxy, the gateway and, with `--baseline`, another build, measured in the same rounds with
 * the gateways taking turns at going first. A round's figure is the p50 of its requests; the run closes with the
 * median over the rounds of each gateway's p50 added over the proxy's of the same round, and of the gateway's p50
 * minus the baseline's.
 */
import { upperMedian as median } from './latency-summary.js';
import { runStreamClient } from './run-stream-client.js';
import type { StreamClientResult } from './stream-client-process.js';

export interface FirstByteTarget {
  label: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface FirstByteComparison {
  rounds: number;
  seconds: number;
  plain: FirstByteTarget;
  baseline?: FirstByteTarget;
  current: FirstByteTarget;
}

export async function compareFirstByte(spec: FirstByteComparison, log: (line: string) => void): Promise<void> {
  const measure = (target: FirstByteTarget, round: number): Promise<StreamClientResult> =>
    runStreamClient({ url: target.url, headers: target.headers, body: target.body, concurrency: 1, warmupSec: round === 1 ? 3 : 1, durationSec: spec.seconds });
  const addedCurrent: number[] = [];
  const addedBaseline: number[] = [];
  const againstBaseline: number[] = [];
  for (let round = 1; round <= spec.rounds; round += 1) {
    const plain = await measure(spec.plain, round);
    let before: StreamClientResult | undefined;
    let current: StreamClientResult;
    if (spec.baseline !== undefined && round % 2 === 0) {
      current = await measure(spec.current, round);
      before = await measure(spec.baseline, round);
    } else {
      before = spec.baseline === undefined ? undefined : await measure(spec.baseline, round);
      current = await measure(spec.current, round);
    }
    const p = plain.ttfbMs.p50;
    addedCurrent.push(current.ttfbMs.p50 - p);
    const parts = [`round ${round} TTFB p50: plain ${p.toFixed(3)} ms`];
    if (before !== undefined && spec.baseline !== undefined) {
      addedBaseline.push(before.ttfbMs.p50 - p);
      againstBaseline.push(current.ttfbMs.p50 - before.ttfbMs.p50);
      parts.push(`${spec.baseline.label} ${before.ttfbMs.p50.toFixed(3)} ms (+${(before.ttfbMs.p50 - p).toFixed(3)}, ${before.failed} failed)`);
    }
    parts.push(`${spec.current.label} ${current.ttfbMs.p50.toFixed(3)} ms (+${(current.ttfbMs.p50 - p).toFixed(3)}, ${current.failed} failed)`);
    log(parts.join('; '));
  }
  const added = [`added over the plain proxy, median of ${spec.rounds} rounds: ${spec.current.label} +${median(addedCurrent).toFixed(3)} ms`];
  if (spec.baseline !== undefined) added.push(`${spec.baseline.label} +${median(addedBaseline).toFixed(3)} ms; ${spec.current.label} - ${spec.baseline.label}: ${median(againstBaseline).toFixed(3)} ms`);
  log(added.join('; '));
}

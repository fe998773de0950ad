/**
 * Regenerates docs/benchmarks.md and its charts from a results file, without running anything:
 * `node bin/run-ts.js bench/render-report.ts bench/results/<date>-<name>.json`.
 */
import { readFileSync } from 'node:fs';
import type { BenchResults } from './lib/bench-results.js';
import { renderBenchmarksDoc } from './lib/render-benchmarks-doc.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bin/run-ts.js bench/render-report.ts bench/results/<date>-<name>.json');
  process.exit(2);
}
const results = JSON.parse(readFileSync(file, 'utf8')) as BenchResults;
console.log(`written: ${renderBenchmarksDoc(results, file).join(', ')}`);

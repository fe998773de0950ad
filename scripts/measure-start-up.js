#!/usr/bin/env node
// Start-up time to ready and idle RSS of a georoute command, for docs/benchmarks.md ("Package and start-up"):
//   node scripts/measure-start-up.js [--runs N] [--idle-ms MS] [--cwd DIR] -- COMMAND [ARGS...]
// Each run spawns the command (e.g. `node_modules/.bin/georoute serve --port 0`), times it from spawn to the line
// "georoute is serving on", waits --idle-ms with no traffic, then reads VmRSS of the process and of all its
// descendants (tsx's esbuild service, for one) from /proc, and stops it with SIGTERM. Also the CPU time (user +
// system) the process had used when it was ready: steadier than wall time on a shared machine. Prints the median
// and range of each.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
if (split < 0 || split === argv.length - 1) {
  console.error('usage: node scripts/measure-start-up.js [--runs N] [--idle-ms MS] [--cwd DIR] -- COMMAND [ARGS...]');
  process.exit(2);
}
const flags = argv.slice(0, split);
const [command, ...args] = argv.slice(split + 1);
const flag = (name, fallback) => {
  const at = flags.indexOf(name);
  return at >= 0 ? flags[at + 1] : fallback;
};
const runs = Number(flag('--runs', '5'));
const idleMs = Number(flag('--idle-ms', '5000'));
const cwd = flag('--cwd', process.cwd());

function rssKb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU time of a process so far, in ms (clock ticks of 10 ms). */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The process's descendants, from each /proc/<pid>/stat's parent field. */
function descendants(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift();
    for (const [child, parent] of parents) if (parent === pid) found.push(child), queue.push(child);
  }
  return found;
}

function once() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const env = { ...process.env, GEOROUTE_LOG_LEVEL: 'warn' };
    delete env.GEOROUTE_CONFIG;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (d) => (output += d));
    child.stdout.on('data', (d) => {
      output += d;
      if (!/georoute is serving on/.test(output) || child.readyMs !== undefined) return;
      child.readyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const readyCpuMs = cpuMs(child.pid);
      setTimeout(() => {
        const main = rssKb(child.pid);
        const others = descendants(child.pid).reduce((sum, pid) => sum + rssKb(pid), 0);
        child.once('exit', () => resolve({ readyMs: child.readyMs, readyCpuMs, rssMb: main / 1024, treeRssMb: (main + others) / 1024 }));
        child.kill('SIGTERM');
      }, idleMs);
    });
    child.once('exit', (code) => {
      if (child.readyMs === undefined) reject(new Error(`exited ${code} before ready:\n${output}`));
    });
  });
}

const results = [];
for (let i = 0; i < runs; i += 1) results.push(await once());
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summary = (key, digits) => {
  const values = results.map((r) => r[key]);
  return `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)})`;
};
console.log(JSON.stringify({ command: [command, ...args].join(' '), runs, idleMs, loadAverage: loadavg().map((l) => l.toFixed(2)), results }));
console.log(`ready: ${summary('readyMs', 0)} ms, CPU ${summary('readyCpuMs', 0)} ms   idle RSS: ${summary('rssMb', 1)} MB   with child processes: ${summary('treeRssMb', 1)} MB`);

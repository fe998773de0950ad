/** What the bench ran on: CPU model, cores, memory, Node, load average, open-files limit, taskset pinning. */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { hasTaskset } from './spawn-bench-process.js';

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  kernel: string;
  loadAverageAtStart: number[];
  openFilesLimit: string;
  pinning: string;
  gitCommit: string;
}

function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) return match[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}

function shell(command: string): string {
  try {
    return execSync(command, { encoding: 'utf8', shell: '/bin/sh' }).trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): MachineDescription {
  return {
    cpuModel: cpuModel(),
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
    loadAverageAtStart: loadavg().map((v) => Math.round(v * 100) / 100),
    openFilesLimit: shell('ulimit -n'),
    pinning: hasTaskset() ? 'servers (mock, proxies, gateways, simulators) on CPU 0, load generators on CPU 1 (taskset)' : 'not pinned (taskset not found)',
    gitCommit: shell('git rev-parse --short HEAD'),
  };
}

/** Runs the stream client (stream-client-process.ts) on the client CPU and returns its result. */
import { CLIENT_CPUS } from './measure-load.js';
import { spawnBenchProcess } from './spawn-bench-process.js';
import type { StreamClientResult, StreamClientSpec } from './stream-client-process.js';

export async function runStreamClient(spec: StreamClientSpec): Promise<StreamClientResult> {
  const client = await spawnBenchProcess({ file: 'bench/lib/stream-client-process.ts', args: [JSON.stringify(spec)], cpus: CLIENT_CPUS });
  try {
    return await client.result<StreamClientResult>();
  } finally {
    await client.stop();
  }
}

/** This replica's name in the shared traffic table and `/admin/state`: `GEOROUTE_REPLICA_ID`, else host and pid. */
import { hostname } from 'node:os';

export function replicaIdFrom(env: NodeJS.ProcessEnv): string {
  const named = env.GEOROUTE_REPLICA_ID?.trim();
  return named ? named.slice(0, 128) : `${hostname()}:${process.pid}`;
}

/**
 * One undici Pool per deployment origin: keep-alive connections, per-deployment timeouts, TLS with certificate
 * verification always on, an optional CA bundle and client certificate (mTLS).
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import type { Deployment } from '../catalog/catalog-types.js';

export function createDeploymentPool(deployment: Deployment, endpoint = deployment.endpoint): Pool {
  const url = new URL(endpoint);
  const tls = deployment.tls;
  return new Pool(url.origin, {
    connections: Math.max(8, deployment.capacity.maxConcurrent * 2),
    pipelining: 1,
    keepAliveTimeout: 30_000,
    headersTimeout: deployment.timeouts.firstByteMs,
    bodyTimeout: deployment.timeouts.idleMs,
    connect: {
      timeout: deployment.timeouts.connectMs,
      rejectUnauthorized: true,
      ...(tls?.caFile ? { ca: readFileSync(tls.caFile) } : {}),
      ...(tls?.certFile ? { cert: readFileSync(tls.certFile) } : {}),
      ...(tls?.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
      ...(tls?.serverName ? { servername: tls.serverName } : {}),
    },
  });
}

/** `http://host:9000/v1` + `/chat/completions` -> `/v1/chat/completions`. */
export function joinEndpointPath(endpoint: string, path: string): string {
  const base = new URL(endpoint).pathname.replace(/\/+$/, '');
  return `${base}${path}`;
}
